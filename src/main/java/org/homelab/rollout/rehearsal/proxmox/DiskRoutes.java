package org.homelab.rollout.rehearsal.proxmox;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code PUT .../resize}: grows a disk in a "resize" task (PVE 9 answers a UPID);
 * shrinking is refused.
 */
final class DiskRoutes {

	static final Pattern SIZE = Pattern.compile("size=(\\d+(?:\\.\\d+)?[KMGT]?)");

	private final LabState state;

	DiskRoutes(LabState state) {
		this.state = state;
	}

	void register(Router router) {
		router.add("PUT", "/nodes/{node}/qemu/{vmid}/resize", "resize", this::resize);
	}

	private Object resize(ApiRequest request) {
		Vm vm = this.state.vm(request.node(), request.vmid());
		vm.checkLock(request);
		String disk = request.param("disk");
		String drive = vm.config.get(disk);
		if (drive == null) {
			throw PveError.failed("disk '" + disk + "' does not exist");
		}
		if (drive.contains("media=cdrom")) {
			throw PveError.failed("you can't resize a cdrom");
		}
		Matcher current = SIZE.matcher(drive);
		long old = current.find() ? bytes(current.group(1)) : 0;
		String wanted = request.param("size");
		long size = wanted.startsWith("+") ? old + bytes(wanted.substring(1)) : bytes(wanted);
		if (size < old) {
			throw PveError.failed("shrinking disks is not supported");
		}
		Task task = this.state.tasks.launch(request.node(), "resize", String.valueOf(vm.vmid), request.user(),
				this.state.settings.latency().of("proxmox.resize"), t -> {
					if (request.failTask()) {
						throw PveError.failed("command '/sbin/lvextend -L" + size / 1024 + "k' failed: exit code 5");
					}
					String updated = SIZE.matcher(vm.config.get(disk)).replaceFirst("size=" + format(size));
					vm.config.put(disk, updated.contains("size=") ? updated : updated + ",size=" + format(size));
					t.log("Size of logical volume pve/vm-" + vm.vmid + "-disk-0 changed to " + format(size) + ".");
				});
		return task.upid().text();
	}

	/** PVE::JSONSchema::parse_size: a bare number is bytes. */
	static long bytes(String size) {
		char unit = size.charAt(size.length() - 1);
		int shift = switch (unit) {
			case 'K' -> 10;
			case 'M' -> 20;
			case 'G' -> 30;
			case 'T' -> 40;
			default -> 0;
		};
		String number = (shift > 0) ? size.substring(0, size.length() - 1) : size;
		return (long) (Double.parseDouble(number) * (1L << shift));
	}

	/** PVE::JSONSchema::format_size: the largest unit that divides evenly. */
	static String format(long bytes) {
		String[] units = { "", "K", "M", "G", "T" };
		int unit = 0;
		long value = bytes;
		while (unit < 4 && value % 1024 == 0 && value > 0) {
			value /= 1024;
			unit++;
		}
		return value + units[unit];
	}

}
