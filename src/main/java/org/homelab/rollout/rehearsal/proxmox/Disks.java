package org.homelab.rollout.rehearsal.proxmox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.homelab.rollout.rehearsal.GuestCommand.Result;

/**
 * A guest's view of the disks its configuration attaches: a SCSI disk {@code scsiN}
 * appears as {@code /dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_drive-scsiN} (as QEMU's
 * scsi-hd names it; kernel name {@code /dev/sd<letter>}), {@code blkid} tells its file
 * system, {@code mkfs.ext4} makes one (kept with the volume, as on a real disk),
 * {@code mount} mounts what {@code /etc/fstab} names (listed in {@code /proc/mounts}),
 * {@code mountpoint} and {@code umount} as util-linux's. A disk the configuration does
 * not have does not exist.
 */
final class Disks {

	static final String BY_ID = "/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_drive-";

	static final String MOUNTS = "/proc/mounts";

	static final String FSTAB = "/etc/fstab";

	private Disks() {
	}

	static Result run(String program, List<String> args, Vm vm) {
		List<String> operands = new ArrayList<>();
		for (int i = 0; i < args.size(); i++) {
			String arg = args.get(i);
			if (List.of("-L", "-s", "-o", "-t", "-O", "-m").contains(arg)) {
				i++;
			}
			else if (!arg.startsWith("-")) {
				operands.add(arg);
			}
		}
		return switch (program) {
			case "blkid" -> blkid(args, operands, vm);
			case "mkfs.ext4" -> mkfs(operands, vm);
			case "mountpoint" -> mounted(vm, operands.isEmpty() ? "" : operands.get(0)).isPresent() ? Result.ok("")
					: new Result(32, "", operands.get(0) + " is not a mountpoint\n", null);
			case "mount" -> mount(operands, vm);
			default -> umount(operands, vm);
		};
	}

	/** The volume of a device path, if the configuration attaches such a disk. */
	static Optional<String> volume(Vm vm, String device) {
		if (!device.startsWith(BY_ID)) {
			return Optional.empty();
		}
		String drive = vm.config.get(device.substring(BY_ID.length()));
		if (drive == null || drive.contains("media=cdrom") || !device.substring(BY_ID.length()).startsWith("scsi")) {
			return Optional.empty();
		}
		return Optional.of(drive.split(",")[0]);
	}

	private static Result blkid(List<String> args, List<String> operands, Vm vm) {
		String device = operands.isEmpty() ? "" : operands.get(0);
		Optional<String> volume = volume(vm, device);
		String uuid = volume.map(vm.filesystems::get).orElse(null);
		if (uuid == null) {
			// blkid: 2 when nothing is found (no such device, or no file system on it)
			return new Result(2, "", "", null);
		}
		if (args.contains("-o") && args.contains("value")) {
			return Result.ok(args.contains("UUID") ? uuid + "\n" : "ext4\n");
		}
		return Result.ok(device + ": UUID=\"" + uuid + "\" BLOCK_SIZE=\"4096\" TYPE=\"ext4\"\n");
	}

	private static Result mkfs(List<String> operands, Vm vm) {
		String device = operands.isEmpty() ? "" : operands.get(0);
		Optional<String> volume = volume(vm, device);
		if (volume.isEmpty()) {
			return new Result(1, "mke2fs 1.47.2 (1-Jan-2025)\n",
					"The file " + device + " does not exist and no size was specified.\n", null);
		}
		if (mountedDevice(vm, device)) {
			return new Result(1, "", device + " is mounted; will not make a filesystem here!\n", null);
		}
		String uuid = UUID.randomUUID().toString();
		vm.filesystems.put(volume.get(), uuid);
		return Result.ok("mke2fs 1.47.2 (1-Jan-2025)\nDiscarding device blocks: done\nFilesystem UUID: " + uuid
				+ "\nWriting superblocks and filesystem accounting information: done\n");
	}

	private static Result mount(List<String> operands, Vm vm) {
		String device;
		String point;
		if (operands.size() >= 2) {
			device = operands.get(0);
			point = operands.get(1);
		}
		else if (operands.size() == 1) {
			point = operands.get(0);
			device = fstab(vm, point);
			if (device == null) {
				return new Result(1, "", "mount: " + point + ": can't find in /etc/fstab.\n", null);
			}
		}
		else {
			return Result.ok(text(vm, MOUNTS));
		}
		if (device.startsWith("UUID=")) {
			String uuid = device.substring("UUID=".length());
			device = vm.config.keySet()
				.stream()
				.map(key -> BY_ID + key)
				.filter(path -> volume(vm, path).map(v -> uuid.equals(vm.filesystems.get(v))).orElse(false))
				.findFirst()
				.orElse(device);
		}
		Optional<String> volume = volume(vm, device);
		if (volume.isEmpty()) {
			return new Result(32, "", "mount: " + point + ": special device " + device + " does not exist.\n", null);
		}
		if (!vm.filesystems.containsKey(volume.get())) {
			return new Result(32, "", "mount: " + point + ": wrong fs type, bad option, bad superblock on " + device
					+ ", missing codepage or helper program, or other error.\n", null);
		}
		if (vm.files.keySet().stream().noneMatch(file -> file.startsWith(point.replaceAll("/$", "") + "/"))) {
			return new Result(32, "", "mount: " + point + ": mount point does not exist.\n", null);
		}
		if (mounted(vm, point).isPresent()) {
			return new Result(32, "",
					"mount: " + point + ": " + kernelName(device) + " already mounted on " + point + ".\n", null);
		}
		vm.files.put(MOUNTS, (text(vm, MOUNTS) + kernelName(device) + " " + point + " ext4 rw,relatime 0 0\n")
			.getBytes(StandardCharsets.UTF_8));
		return Result.ok("");
	}

	private static Result umount(List<String> operands, Vm vm) {
		String point = operands.isEmpty() ? "" : operands.get(0);
		Optional<String> line = mounted(vm, point);
		if (line.isEmpty()) {
			return new Result(32, "", "umount: " + point + ": not mounted.\n", null);
		}
		StringBuilder rest = new StringBuilder();
		text(vm, MOUNTS).lines().filter(l -> !l.equals(line.get())).forEach(l -> rest.append(l).append('\n'));
		vm.files.put(MOUNTS, rest.toString().getBytes(StandardCharsets.UTF_8));
		return Result.ok("");
	}

	/** The {@code /proc/mounts} line of a mount point. */
	static Optional<String> mounted(Vm vm, String point) {
		return text(vm, MOUNTS).lines()
			.filter(l -> l.split(" ").length > 1 && l.split(" ")[1].equals(point))
			.findFirst();
	}

	private static boolean mountedDevice(Vm vm, String device) {
		return text(vm, MOUNTS).lines().anyMatch(l -> l.startsWith(kernelName(device) + " "));
	}

	/** What /etc/fstab mounts at {@code point}. */
	private static String fstab(Vm vm, String point) {
		return text(vm, FSTAB).lines()
			.map(String::strip)
			.filter(l -> !l.startsWith("#"))
			.map(l -> l.split("\\s+"))
			.filter(fields -> fields.length > 1 && fields[1].equals(point))
			.map(fields -> fields[0])
			.findFirst()
			.orElse(null);
	}

	/** {@code /dev/sdb} for scsi1: the kernel names SCSI disks in bus order. */
	static String kernelName(String device) {
		if (!device.startsWith(BY_ID + "scsi")) {
			return device;
		}
		int index = Integer.parseInt(device.substring((BY_ID + "scsi").length()));
		return "/dev/sd" + (char) ('a' + index);
	}

	private static String text(Vm vm, String path) {
		byte[] content = vm.files.get(path);
		return (content != null) ? new String(content, StandardCharsets.UTF_8) : "";
	}

}
