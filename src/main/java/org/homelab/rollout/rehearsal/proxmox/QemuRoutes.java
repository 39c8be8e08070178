package org.homelab.rollout.rehearsal.proxmox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Listing, creating (or restoring, with {@code archive}) and destroying guests. */
final class QemuRoutes {

	/** Create parameters that steer the call rather than land in the config. */
	private static final Set<String> NOT_CONFIG = Set.of("node", "vmid", "start", "pool", "storage", "archive", "force",
			"unique", "live-restore", "bwlimit", "import-working-storage");

	private final LabState state;

	private final BackupRoutes backups;

	QemuRoutes(LabState state, BackupRoutes backups) {
		this.state = state;
		this.backups = backups;
	}

	void register(Router router) {
		router.add("GET", "/nodes/{node}/qemu", "api", this::list)
			.add("POST", "/nodes/{node}/qemu", "create", this::create)
			.add("GET", "/nodes/{node}/qemu/{vmid}", "api", r -> subdirs(r))
			.add("GET", "/nodes/{node}/qemu/{vmid}/snapshot", "api", this::snapshots)
			// the lab runs no containers, but clients such as Ansible's inventory ask
			.add("GET", "/nodes/{node}/lxc", "api", r -> List.of())
			.add("DELETE", "/nodes/{node}/qemu/{vmid}", "destroy", this::destroy);
	}

	private List<Map<String, Object>> list(ApiRequest request) {
		return this.state.vms.values()
			.stream()
			.filter(vm -> vm.node.equals(request.node()))
			// PVE lists only the guests the caller has VM.Audit on
			.filter(vm -> this.state.access.has(request.user(), "/vms/" + vm.vmid, "VM.Audit"))
			.map(Vm::listEntry)
			.toList();
	}

	/**
	 * The lab takes no snapshots: just the "current" pseudo-snapshot PVE always lists.
	 */
	private List<Map<String, Object>> snapshots(ApiRequest request) {
		Vm vm = this.state.vm(request.node(), request.vmid());
		Map<String, Object> current = new LinkedHashMap<>();
		current.put("name", "current");
		current.put("description", "You are here!");
		current.put("digest", Integer.toHexString(vm.config.hashCode()));
		if (vm.running()) {
			current.put("running", 1);
		}
		return List.of(current);
	}

	private List<Map<String, String>> subdirs(ApiRequest request) {
		this.state.vm(request.node(), request.vmid());
		return List.of("config", "pending", "status", "agent", "clone", "resize", "firewall")
			.stream()
			.map(s -> Map.of("subdir", s))
			.toList();
	}

	private Object create(ApiRequest request) {
		if (request.has("archive")) {
			return this.backups.restore(request);
		}
		int vmid = request.vmid();
		if (this.state.vms.containsKey(vmid)) {
			throw PveError.failed("unable to create VM " + vmid + " - VM " + vmid + " already exists on node '"
					+ this.state.vms.get(vmid).node + "'");
		}
		Vm vm = new Vm(vmid, request.node());
		request.params().forEach((key, values) -> {
			if (!NOT_CONFIG.contains(key)) {
				vm.config.put(key, values.get(0));
			}
		});
		vm.config.put("lock", "create");
		this.state.vms.put(vmid, vm);
		Task task = this.state.tasks.launch(request.node(), "qmcreate", String.valueOf(vmid), request.user(),
				this.state.settings.latency().of("proxmox.config"), t -> {
					if (request.failTask()) {
						this.state.vms.remove(vmid);
						throw PveError.failed("unable to create VM " + vmid + " - got lock request timeout");
					}
					vm.config.remove("lock");
				});
		return task.upid().text();
	}

	private Object destroy(ApiRequest request) {
		Vm vm = this.state.vm(request.node(), request.vmid());
		if (vm.running()) {
			throw PveError.failed("VM " + vm.vmid + " is running - destroy failed");
		}
		boolean purge = request.flag("purge");
		// destroy_vm checks the lock inside the task, so a locked guest fails the task,
		// not the call
		Task task = this.state.tasks.launch(request.node(), "qmdestroy", String.valueOf(vm.vmid), request.user(),
				this.state.settings.latency().of("proxmox.destroy"), t -> {
					vm.checkLock(request);
					if (request.failTask()) {
						throw PveError.failed("error with cfs lock 'storage-local-lvm': got lock request timeout");
					}
					vm.config.forEach((key, value) -> {
						if (CloneRoutes.isDisk(key) && !value.contains("media=cdrom")) {
							t.log("Logical volume \"" + value.split(",")[0].replaceAll(".*[:/]", "")
									+ "\" successfully removed.");
						}
					});
					this.state.vms.remove(vm.vmid);
					this.state.firewalls.remove(vm.vmid); // remove_vmfw_conf
					this.state.dhcp.release(vm.vmid);
					if (purge) {
						t.log("purging VM " + vm.vmid + " from related configurations..");
						this.backups.forget(vm.vmid);
					}
				});
		return task.upid().text();
	}

}
