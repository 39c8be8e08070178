package org.homelab.rollout.rehearsal.proxmox;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;

/**
 * Backups: scheduled jobs ({@code /cluster/backup}) that run at their schedule on the
 * lab's clock, vzdump runs that lock the guest "backup" and leave a
 * {@code vzdump-qemu-VMID-YYYY_MM_DD-HH_MM_SS.vma.zst} volume on a dir storage or a
 * snapshot {@code vm/VMID/TIME} on a Proxmox Backup Server (through
 * {@link BackupServers}), storage content listings, and restores (qmrestore) from either.
 */
final class BackupRoutes {

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy_MM_dd-HH_mm_ss");

	/** What a backup holds: the guest's config, files and the units it starts at boot. */
	record Archived(Map<String, String> config, Map<String, byte[]> files, Set<String> enabled) {
	}

	private final LabState state;

	private final BackupJobRoutes jobs;

	private final Restores restores;

	/** What each vma archive holds, to restore from. */
	private final Map<String, Archived> archived = new HashMap<>();

	/**
	 * The units enabled in the guest when a pbs snapshot was taken (PBS keeps the disk,
	 * the lab keeps its files and config there and this here), by volid.
	 */
	private final Map<String, Set<String>> enabledAtBackup = new HashMap<>();

	BackupRoutes(LabState state, ScheduledExecutorService scheduler) {
		this.state = state;
		this.jobs = new BackupJobRoutes(state, scheduler, this);
		this.restores = new Restores(state, this);
	}

	void register(Router router) {
		this.jobs.register(router);
		router.add("POST", "/nodes/{node}/vzdump", "vzdump", this::vzdump)
			.add("GET", "/nodes/{node}/storage/{storage}/content", "api", this::content);
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
		return backup(request.node(), request.user(), storage, guests, request.param("notes-template"),
				request.failTask(), List.of())
			.upid()
			.text();
	}

	/**
	 * One vzdump task: the guests locked "backup" while it runs, each stored at its end;
	 * a guest that fails is logged as vzdump logs it and the task ends in "job errors".
	 */
	Task backup(String node, String user, String storage, List<Vm> guests, String notes, boolean fail,
			List<String> skipped) {
		guests.forEach(vm -> vm.config.put("lock", "backup"));
		Instant time = this.state.clock.nowSeconds();
		Task task = this.state.tasks.launch(node, "vzdump",
				guests.size() == 1 ? String.valueOf(guests.get(0).vmid) : "", user,
				this.state.settings.latency().of("proxmox.vzdump"), t -> {
					guests.forEach(vm -> vm.config.remove("lock"));
					if (fail) {
						guests.forEach(vm -> t.log("ERROR: Backup of VM " + vm.vmid + " failed - got timeout"));
						throw PveError.failed("job errors");
					}
					boolean errors = !skipped.isEmpty();
					for (Vm vm : guests) {
						try {
							archive(vm, storage, notes, time, t);
						}
						catch (PveError ex) {
							t.log("ERROR: Backup of VM " + vm.vmid + " failed - " + ex.getMessage().strip());
							errors = true;
						}
					}
					if (errors) {
						throw PveError.failed("job errors");
					}
				});
		guests.forEach(vm -> task.log("INFO: Starting Backup of VM " + vm.vmid + " (qemu)"));
		skipped.forEach(task::log);
		return task;
	}

	private void archive(Vm vm, String storageId, String notes, Instant time, Task task) {
		Storage storage = this.state.storage(storageId);
		Map<String, String> config = new LinkedHashMap<>(vm.config);
		config.remove("lock");
		Map<String, byte[]> files = new HashMap<>();
		vm.files.forEach((path, content) -> files.put(path, content.clone()));
		if (storage.pbs()) {
			BackupServers.Datastore datastore = this.state.datastore(storage);
			task.log("INFO: creating Proxmox Backup Server archive 'vm/" + vm.vmid + "/" + time + "'");
			try {
				datastore.store(vm.vmid, config, files, time);
			}
			catch (BackupServers.BackupServerException ex) {
				throw PveError.failed(ex.getMessage());
			}
			this.enabledAtBackup.put(pbsVolid(storageId, vm.vmid, time), Set.copyOf(vm.enabled));
			task.log("INFO: Finished Backup of VM " + vm.vmid);
			return;
		}
		LocalDateTime at = LocalDateTime.ofInstant(time, ZoneOffset.UTC);
		String volid = storageId + ":backup/vzdump-qemu-" + vm.vmid + "-" + at.format(STAMP) + ".vma.zst";
		long size = 512L * 1024 * 1024 + vm.vmid;
		this.state.volumes
			.add(new Volume(volid, "backup", "vma.zst", size, time.getEpochSecond(), vm.vmid, (notes != null)
					? notes.replace("{{guestname}}", vm.name()).replace("{{vmid}}", String.valueOf(vm.vmid)) : null));
		this.archived.put(volid, new Archived(config, files, Set.copyOf(vm.enabled)));
		task.log("INFO: creating vzdump archive '/var/lib/vz/dump/" + volid.substring(volid.indexOf('/') + 1) + "'");
		task.log("INFO: Finished Backup of VM " + vm.vmid);
	}

	private static String pbsVolid(String storage, int vmid, Instant time) {
		return storage + ":backup/vm/" + vmid + "/" + time;
	}

	private List<Map<String, Object>> content(ApiRequest request) {
		Storage storage = this.state.storage(request.param("storage"));
		String content = request.param("content");
		String vmid = request.param("vmid");
		if (storage.pbs()) {
			if (content != null && !content.equals("backup")) {
				return List.of();
			}
			BackupServers.Datastore datastore = this.state.datastore(storage);
			List<BackupServers.Snapshot> snapshots = (vmid != null) ? datastore.snapshots(Integer.parseInt(vmid))
					: datastore.snapshots();
			return snapshots.stream().map(s -> pbsEntry(storage.id, s)).toList();
		}
		return this.state.volumes.stream()
			.filter(v -> v.storage().equals(storage.id))
			.filter(v -> content == null || v.content().equals(content))
			.filter(v -> vmid == null || String.valueOf(v.vmid()).equals(vmid))
			.map(Volume::entry)
			.toList();
	}

	/** A PBS snapshot as PVE's PBS plugin lists it. */
	private static Map<String, Object> pbsEntry(String storage, BackupServers.Snapshot snapshot) {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("volid", pbsVolid(storage, snapshot.vmid(), snapshot.time()));
		entry.put("content", "backup");
		entry.put("format", "pbs-vm");
		entry.put("subtype", "qemu");
		entry.put("vmid", snapshot.vmid());
		entry.put("ctime", snapshot.time().getEpochSecond());
		entry.put("size", snapshot.size());
		if (snapshot.verifyState() != null) {
			entry.put("verification", Map.of("state", snapshot.verifyState()));
		}
		return entry;
	}

	/**
	 * {@code POST /nodes/{node}/qemu} with archive (see {@link Restores}).
	 */
	Object restore(ApiRequest request) {
		return this.restores.restore(request);
	}

	/** What a vma archive holds, or null. */
	Archived archived(String volid) {
		return this.archived.get(volid);
	}

	/** The units enabled in the guest when this pbs snapshot was taken. */
	Set<String> enabledAt(String volid) {
		return this.enabledAtBackup.getOrDefault(volid, Set.of());
	}

	/** The lab clock was set: every job's next time moves with it. */
	void reschedule() {
		this.jobs.reschedule();
	}

	/** purge=1 on destroy: the guest leaves the backup jobs' VMID lists. */
	void forget(int vmid) {
		this.jobs.forget(vmid);
	}

	void clear() {
		this.archived.clear();
		this.enabledAtBackup.clear();
		this.jobs.clear();
	}

}
