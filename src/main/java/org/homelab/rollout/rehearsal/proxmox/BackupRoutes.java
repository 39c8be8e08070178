package org.homelab.rollout.rehearsal.proxmox;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Backups: scheduled jobs ({@code /cluster/backup}), vzdump runs that lock the guest
 * "backup" and leave a {@code vzdump-qemu-VMID-YYYY_MM_DD-HH_MM_SS.vma.zst} volume,
 * storage content listings, and restores (qmrestore).
 */
final class BackupRoutes {

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy_MM_dd-HH_mm_ss");

	private final LabState state;

	/** The guest config each archive holds, to restore from. */
	private final Map<String, Map<String, String>> archived = new HashMap<>();

	BackupRoutes(LabState state) {
		this.state = state;
	}

	void register(Router router) {
		router.add("GET", "/cluster/backup", "api", r -> this.state.backupJobs)
			.add("POST", "/cluster/backup", "backup-job", this::createJob)
			.add("GET", "/cluster/backup/{id}", "api", r -> job(r.param("id")))
			.add("DELETE", "/cluster/backup/{id}", "backup-job", r -> {
				this.state.backupJobs.remove(job(r.param("id")));
				return null;
			})
			.add("POST", "/nodes/{node}/vzdump", "vzdump", this::vzdump)
			.add("GET", "/nodes/{node}/storage/{storage}/content", "api", this::content);
	}

	private Object createJob(ApiRequest request) {
		Map<String, Object> job = new LinkedHashMap<>();
		String id = request.param("id", "backup-" + UUID.randomUUID().toString().substring(0, 13));
		if (this.state.backupJobs.stream().anyMatch(j -> id.equals(j.get("id")))) {
			throw PveError.failed("Job '" + id + "' already exists");
		}
		job.put("id", id);
		job.put("type", "vzdump");
		job.put("enabled", 1);
		request.params().forEach((key, values) -> job.put(key, values.get(0)));
		job.put("id", id);
		this.state.backupJobs.add(job);
		return null;
	}

	private Map<String, Object> job(String id) {
		return this.state.backupJobs.stream()
			.filter(j -> id.equals(j.get("id")))
			.findFirst()
			.orElseThrow(() -> PveError.failed("No such backup job '" + id + "'"));
	}

	private Object vzdump(ApiRequest request) {
		String storage = request.param("storage", "local");
		this.state.checkStorage(storage, "backup");
		List<Vm> guests = new ArrayList<>();
		for (String vmid : request.param("vmid", "").split("[,;\\s]+")) {
			if (!vmid.isEmpty()) {
				Vm vm = this.state.vm(request.node(), Integer.parseInt(vmid));
				vm.checkLock(request);
				guests.add(vm);
			}
		}
		guests.forEach(vm -> vm.config.put("lock", "backup"));
		Task task = this.state.tasks.launch(request.node(), "vzdump",
				guests.size() == 1 ? String.valueOf(guests.get(0).vmid) : "", request.user(),
				this.state.settings.latency().of("proxmox.vzdump"), t -> {
					guests.forEach(vm -> vm.config.remove("lock"));
					if (request.failTask()) {
						guests.forEach(vm -> t.log("ERROR: Backup of VM " + vm.vmid + " failed - got timeout"));
						throw PveError.failed("job errors");
					}
					guests.forEach(vm -> archive(vm, storage, request.param("notes-template"), t));
				});
		guests.forEach(vm -> task.log("INFO: Starting Backup of VM " + vm.vmid + " (qemu)"));
		return task.upid().text();
	}

	private void archive(Vm vm, String storage, String notes, Task task) {
		LocalDateTime now = LocalDateTime.now(ZoneOffset.UTC);
		String volid = storage + ":backup/vzdump-qemu-" + vm.vmid + "-" + now.format(STAMP) + ".vma.zst";
		long size = 512L * 1024 * 1024 + vm.vmid;
		this.state.volumes.add(new Volume(volid, "backup", "vma.zst", size, now.toEpochSecond(ZoneOffset.UTC), vm.vmid,
				(notes != null) ? notes.replace("{{guestname}}", vm.name()).replace("{{vmid}}", String.valueOf(vm.vmid))
						: null));
		Map<String, String> config = new LinkedHashMap<>(vm.config);
		config.remove("lock");
		this.archived.put(volid, config);
		task.log("INFO: creating vzdump archive '/var/lib/vz/dump/" + volid.substring(volid.indexOf('/') + 1) + "'");
		task.log("INFO: Finished Backup of VM " + vm.vmid);
	}

	private List<Map<String, Object>> content(ApiRequest request) {
		String storage = request.param("storage");
		if (!LabState.STORAGES.containsKey(storage)) {
			throw PveError.failed("storage '" + storage + "' does not exist");
		}
		String content = request.param("content");
		String vmid = request.param("vmid");
		return this.state.volumes.stream()
			.filter(v -> v.storage().equals(storage))
			.filter(v -> content == null || v.content().equals(content))
			.filter(v -> vmid == null || String.valueOf(v.vmid()).equals(vmid))
			.map(Volume::entry)
			.toList();
	}

	/**
	 * {@code POST /nodes/{node}/qemu} with archive: the guest exists at once, locked
	 * "create", until qmrestore ends.
	 */
	Object restore(ApiRequest request) {
		String archive = request.param("archive");
		Map<String, String> config = this.archived.get(archive);
		if (config == null) {
			throw PveError.failed("volume '" + archive + "' does not exist");
		}
		int vmid = request.vmid();
		Vm existing = this.state.vms.get(vmid);
		if (existing != null && !request.flag("force")) {
			throw PveError.failed("unable to restore VM " + vmid + " - VM " + vmid + " already exists on node '"
					+ existing.node + "'");
		}
		if (existing != null) {
			existing.checkLock(request);
			if (existing.running()) {
				throw PveError.failed("unable to restore VM " + vmid + " - VM is running");
			}
		}
		Vm vm = new Vm(vmid, request.node());
		vm.config.put("lock", "create");
		this.state.vms.put(vmid, vm);
		Task task = this.state.tasks.launch(request.node(), "qmrestore", String.valueOf(vmid), request.user(),
				this.state.settings.latency().of("proxmox.restore"), t -> {
					if (request.failTask()) {
						this.state.vms.remove(vmid);
						throw PveError
							.failed("unable to restore VM " + vmid + " - command 'vma extract' failed: exit code 133");
					}
					vm.config.putAll(config);
					vm.config.remove("lock");
					t.log("restore vma archive: " + archive);
				});
		return task.upid().text();
	}

	/** purge=1 on destroy: the guest leaves the backup jobs' VMID lists. */
	void forget(int vmid) {
		for (Map<String, Object> job : this.state.backupJobs) {
			Object list = job.get("vmid");
			if (list != null) {
				List<String> kept = new ArrayList<>(List.of(list.toString().split(",")));
				kept.remove(String.valueOf(vmid));
				job.put("vmid", String.join(",", kept));
			}
		}
	}

	void clear() {
		this.archived.clear();
	}

}
