package org.homelab.rollout.rehearsal.proxmox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A guest's configuration: GET it (with digest), POST changes (async, applied when the
 * qmconfig task ends), PUT them (sync), read pending values and resize disks. sshkeys
 * stay urlencoded in the config, as PVE stores them.
 */
final class ConfigRoutes {

	/** Parameters that steer the update rather than land in the config. */
	private static final Set<String> NOT_CONFIG = Set.of("node", "vmid", "digest", "delete", "skiplock", "force",
			"background_delay", "revert");

	/** Keys PVE reports as JSON numbers; all others are strings. */
	private static final Set<String> NUMERIC = Set.of("cores", "sockets", "vcpus", "template", "balloon", "onboot",
			"protection", "numa", "acpi", "kvm", "tablet", "cpuunits", "localtime", "reboot", "shares", "ciupgrade");

	private static final Pattern DISK = Pattern.compile("(scsi|virtio|sata|ide)\\d+");

	private static final Pattern ALLOCATION = Pattern.compile("([a-z][a-z0-9\\-_.]*[a-z0-9]):(\\d+)(,.*)?");

	private static final Pattern VOLUME = Pattern.compile("vm-(\\d+)-disk-(\\d+)");

	private final LabState state;

	ConfigRoutes(LabState state) {
		this.state = state;
	}

	void register(Router router) {
		router.add("GET", "/nodes/{node}/qemu/{vmid}/config", "api", this::read)
			.add("POST", "/nodes/{node}/qemu/{vmid}/config", "config", this::updateAsync)
			.add("PUT", "/nodes/{node}/qemu/{vmid}/config", "config", this::updateSync)
			.add("GET", "/nodes/{node}/qemu/{vmid}/pending", "api", this::pending)
			.add("PUT", "/nodes/{node}/qemu/{vmid}/cloudinit", "config", r -> {
				this.state.vm(r.node(), r.vmid()).checkLock(r);
				return null; // the drive is regenerated; the guest reads it at its next
								// boot
			});
	}

	private Map<String, Object> read(ApiRequest request) {
		Vm vm = this.state.vm(request.node(), request.vmid());
		Map<String, Object> config = new LinkedHashMap<>();
		vm.config.forEach((key, value) -> config.put(key,
				NUMERIC.contains(key) && value.matches("-?\\d+") ? (Object) Long.parseLong(value) : value));
		config.put("digest", digest(vm));
		return config;
	}

	private Object updateAsync(ApiRequest request) {
		Vm vm = check(request);
		Task task = this.state.tasks.launch(request.node(), "qmconfig", String.valueOf(vm.vmid), request.user(),
				this.state.settings.latency().of("proxmox.config"), t -> {
					if (request.failTask()) {
						throw PveError
							.failed("can't lock file '/var/lock/qemu-server/lock-" + vm.vmid + ".conf' - got timeout");
					}
					if (this.state.vms.get(vm.vmid) == vm) {
						apply(vm, request, t);
					}
				});
		return task.upid().text();
	}

	private Object updateSync(ApiRequest request) {
		apply(check(request), request, null);
		return null;
	}

	private Vm check(ApiRequest request) {
		Vm vm = this.state.vm(request.node(), request.vmid());
		vm.checkLock(request);
		String digest = request.param("digest");
		if (digest != null && !digest.equals(digest(vm))) {
			throw PveError.failed("detected modified configuration - file changed by other user? Try again.");
		}
		return vm;
	}

	private void apply(Vm vm, ApiRequest request, Task task) {
		request.params().forEach((key, values) -> {
			if (!NOT_CONFIG.contains(key)) {
				vm.config.put(key, allocated(vm, key, values.get(0)));
				if (task != null) {
					task.log("update VM " + vm.vmid + ": -" + key + " " + values.get(0));
				}
			}
		});
		for (String key : request.param("delete", "").split("[,;\\s]+")) {
			vm.config.remove(key);
		}
	}

	/**
	 * A disk given as {@code STORAGE:SIZE_IN_GiB} (PVE's syntax for a new volume) gets a
	 * volume of its own, named as PVE names it ({@code vm-<vmid>-disk-<n>}); anything
	 * else is kept as sent.
	 */
	private static String allocated(Vm vm, String key, String value) {
		Matcher allocation = ALLOCATION.matcher(value);
		if (!DISK.matcher(key).matches() || !allocation.matches()) {
			return value;
		}
		int next = 0;
		for (String drive : vm.config.values()) {
			Matcher name = VOLUME.matcher(drive);
			while (name.find()) {
				if (Integer.parseInt(name.group(1)) == vm.vmid) {
					next = Math.max(next, Integer.parseInt(name.group(2)) + 1);
				}
			}
		}
		String options = (allocation.group(3) != null) ? allocation.group(3) : "";
		return allocation.group(1) + ":vm-" + vm.vmid + "-disk-" + next + options + ",size=" + allocation.group(2)
				+ "G";
	}

	private List<Map<String, Object>> pending(ApiRequest request) {
		Vm vm = this.state.vm(request.node(), request.vmid());
		List<Map<String, Object>> entries = new ArrayList<>();
		vm.config.forEach((key, value) -> entries.add(Map.of("key", key, "value", value)));
		return entries;
	}

	static String digest(Vm vm) {
		try {
			StringBuilder text = new StringBuilder();
			vm.config.forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
			byte[] sha1 = MessageDigest.getInstance("SHA-1").digest(text.toString().getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(sha1);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
