package org.homelab.rollout.rehearsal.proxmox;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;

/**
 * {@code POST /nodes/{node}/qemu/{vmid}/clone}: the new guest exists at once, locked
 * "clone", until its qmclone task ends; a failed clone removes it again, as PVE cleans up
 * after itself.
 */
final class CloneRoutes {

	private final LabState state;

	CloneRoutes(LabState state) {
		this.state = state;
	}

	void register(Router router) {
		router.add("POST", "/nodes/{node}/qemu/{vmid}/clone", "clone", this::cloneVm);
	}

	private Object cloneVm(ApiRequest request) {
		Vm source = this.state.vm(request.node(), request.vmid());
		source.checkLock(request);
		int newid = Integer.parseInt(request.param("newid"));
		if (this.state.vms.containsKey(newid)) {
			throw PveError.failed("unable to create VM " + newid + ": config file already exists");
		}
		boolean full = request.has("full") ? request.flag("full") : !source.template();
		if (!source.template() && !full) {
			throw PveError.failed("linked clone feature for VM " + source.vmid + " is only possible with templates");
		}
		String storage = request.param("storage");
		if (storage != null && !full) {
			throw PveError.failed("parameter 'storage' not allowed for linked clones");
		}
		if (storage != null) {
			this.state.checkStorage(storage, "images");
		}
		String target = request.param("target", request.node());
		if (!this.state.settings.nodes().contains(target)) {
			throw PveError.failed("no such cluster node '" + target + "'");
		}
		if (!target.equals(request.node())) {
			throw PveError.failed("can't clone VM to node '" + target + "' (VM uses local storage)");
		}
		Vm clone = new Vm(newid, target);
		// clone_vmfw_conf: the clone starts with a copy of its source's firewall file
		VmFirewall firewall = this.state.firewalls.get(source.vmid);
		if (firewall != null) {
			this.state.firewalls.put(newid, firewall.copy());
		}
		clone.guestAgentInstalled = source.guestAgentInstalled; // a full or linked clone
																// has the same image
		Task task = copy(source, clone, request, full, storage);
		return task.upid().text();
	}

	private Task copy(Vm source, Vm clone, ApiRequest request, boolean full, String storage) {
		int newid = clone.vmid;
		StringBuilder plan = new StringBuilder();
		source.config.forEach((key, value) -> {
			if (key.equals("template") || key.equals("lock")) {
				return;
			}
			if (isDisk(key) && value.contains("cloudinit")) {
				String store = (storage != null) ? storage : value.substring(0, value.indexOf(':'));
				clone.config.put(key, store + ":vm-" + newid + "-cloudinit,media=cdrom");
			}
			else if (isDisk(key) && !value.contains("media=cdrom")) {
				String volume = value.split(",")[0];
				String store = (storage != null) ? storage : volume.substring(0, volume.indexOf(':'));
				String options = value.substring(volume.length());
				String disk = store + ":vm-" + newid + "-disk-" + key.replaceAll("\\D", "");
				clone.config.put(key, (full ? disk : volume + "/" + disk.substring(store.length() + 1)) + options);
				plan.append("create ")
					.append(full ? "full" : "linked")
					.append(" clone of drive ")
					.append(key)
					.append(" (")
					.append(volume)
					.append(")\n");
			}
			else {
				clone.config.put(key, value);
			}
		});
		clone.config.put("name", request.param("name", "Copy-of-VM-" + source.name()));
		if (request.has("description")) {
			clone.config.put("description", request.param("description"));
		}
		// a clone gets a fresh MAC address, as PVE generates one per new NIC
		clone.config.put("net0",
				clone.config.getOrDefault("net0", "virtio=00:00:00:00:00:00,bridge=vmbr0")
					.replaceAll("=([0-9A-Fa-f]{2}:){5}[0-9A-Fa-f]{2}", "=" + String.format("BC:24:11:%02X:%02X:%02X",
							(newid >> 16) & 0xFF, (newid >> 8) & 0xFF, newid & 0xFF)));
		clone.config.put("smbios1", "uuid=" + UUID.nameUUIDFromBytes(("smbios-" + newid).getBytes()));
		clone.config.put("vmgenid", UUID.nameUUIDFromBytes(("vmgenid-" + newid).getBytes()).toString());
		// while copying, PVE's config is a placeholder holding just the lock; the real
		// one is written at the end
		Map<String, String> prepared = new LinkedHashMap<>(clone.config);
		clone.config.clear();
		clone.config.put("lock", "clone");
		this.state.vms.put(newid, clone);
		Duration duration = (this.state.cloneTime != null) ? this.state.cloneTime
				: this.state.settings.latency().of("proxmox.clone");
		Task task = this.state.tasks.launch(request.node(), "qmclone", String.valueOf(source.vmid), request.user(),
				duration, t -> finish(t, clone, prepared, request.failTask()));
		plan.toString().lines().forEach(task::log);
		if (full) {
			task.copying(duration, copiedBytes(source));
		}
		return task;
	}

	private void finish(Task task, Vm clone, Map<String, String> prepared, boolean fail) {
		if (fail) {
			task.log("Logical volume \"vm-" + clone.vmid + "-disk-0\" successfully removed.");
			this.state.vms.remove(clone.vmid);
			throw PveError.failed("clone failed: cfs-lock 'storage-local-lvm' error: got lock request timeout");
		}
		clone.config.clear();
		clone.config.putAll(prepared);
	}

	/**
	 * What a full clone copies: the sizes of the source's disks (the cloud-init drive is
	 * generated, not copied).
	 */
	private static long copiedBytes(Vm source) {
		long bytes = 0;
		for (Map.Entry<String, String> entry : source.config.entrySet()) {
			Matcher size = DiskRoutes.SIZE.matcher(entry.getValue());
			if (isDisk(entry.getKey()) && !entry.getValue().contains("media=cdrom") && size.find()) {
				bytes += DiskRoutes.bytes(size.group(1));
			}
		}
		return bytes;
	}

	static boolean isDisk(String key) {
		return key.matches("(scsi|virtio|sata|ide)\\d+|efidisk0|tpmstate0");
	}

}
