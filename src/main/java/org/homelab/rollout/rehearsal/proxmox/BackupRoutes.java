package org.homelab.rollout.rehearsal.proxmox;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Backups: scheduled jobs ({@code /cluster/backup}) that run at their schedule on the
 * lab's clock, vzdump runs that lock the guest "backup" and leave a
 * {@code vzdump-qemu-VMID-YYYY_MM_DD-HH_MM_SS.vma.zst} volume on a dir storage or a
 * snapshot {@code vm/VMID/TIME} on a Proxmox Backup Server (through
 * {@link BackupServers}), storage content listings, and restores (qmrestore) from either.
 */
final class BackupRoutes {

	private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy_MM_dd-HH_mm_ss");

	/** Restore parameters that steer the call rather than override the config. */
	private static final Set<String> NOT_CONFIG = Set.of("node", "vmid", "start", "pool", "storage", "archive", "force",
			"unique", "live-restore", "bwlimit", "import-working-storage");

	private static final String SYSTEM = "proxmox";

	/** What a backup holds: the guest's config, files and the units it starts at boot. */
	private record Archived(Map<String, String> config, Map<String, byte[]> files, Set<String> enabled) {
	}

	private final LabState state;

	private final ScheduledExecutorService scheduler;

	/** What each vma archive holds, to restore from. */
	private final Map<String, Archived> archived = new HashMap<>();

	/**
	 * The units enabled in the guest when a pbs snapshot was taken (PBS keeps the disk,
	 * the lab keeps its files and config there and this here), by volid.
	 */
	private final Map<String, Set<String>> enabledAtBackup = new HashMap<>();

	/** The pending timer of each scheduled job: a stale timer finds another number. */
	private final Map<String, Long> timers = new HashMap<>();

	private final AtomicLong timerNumbers = new AtomicLong();

	BackupRoutes(LabState state, ScheduledExecutorService scheduler) {
		this.state = state;
		this.scheduler = scheduler;
	}

	void register(Router router) {
		router.add("GET", "/cluster/backup", "api", r -> this.state.backupJobs)
			.add("POST", "/cluster/backup", "backup-job", this::createJob)
			.add("GET", "/cluster/backup/{id}", "api", r -> job(r.param("id")))
			.add("PUT", "/cluster/backup/{id}", "backup-job", this::updateJob)
			.add("DELETE", "/cluster/backup/{id}", "backup-job", r -> {
				this.state.backupJobs.remove(job(r.param("id")));
				this.timers.remove(r.param("id"));
				return null;
			})
			.add("POST", "/nodes/{node}/vzdump", "vzdump", this::vzdump)
			.add("GET", "/nodes/{node}/storage/{storage}/content", "api", this::content);
	}

	private Object createJob(ApiRequest request) {
		String id = request.param("id", "backup-" + UUID.randomUUID().toString().substring(0, 13));
		if (this.state.backupJobs.stream().anyMatch(j -> id.equals(j.get("id")))) {
			throw PveError.failed("Job '" + id + "' already exists");
		}
		String schedule = request.param("schedule", request.param("starttime"));
		if (schedule != null) {
			CalendarEvent.parse(schedule);
		}
		Map<String, Object> job = new LinkedHashMap<>();
		job.put("id", id);
		job.put("type", "vzdump");
		job.put("enabled", 1);
		request.params().forEach((key, values) -> job.put(key, values.get(0)));
		job.put("id", id);
		this.state.backupJobs.add(job);
		schedule(job);
		return null;
	}

	/**
	 * {@code PUT /cluster/backup/{id}}: given options replace, {@code delete} removes.
	 */
	private Object updateJob(ApiRequest request) {
		Map<String, Object> job = job(request.param("id"));
		String schedule = request.param("schedule");
		if (schedule != null) {
			CalendarEvent.parse(schedule);
		}
		for (String key : request.param("delete", "").split("[,;\\s]+")) {
			if (!key.isEmpty()) {
				job.remove(key);
			}
		}
		request.params().forEach((key, values) -> {
			if (!key.equals("delete") && !key.equals("id")) {
				job.put(key, values.get(0));
			}
		});
		schedule(job);
		return null;
	}

	private Map<String, Object> job(String id) {
		return this.state.backupJobs.stream()
			.filter(j -> id.equals(j.get("id")))
			.findFirst()
			.orElseThrow(() -> PveError.failed("No such backup job '" + id + "'"));
	}

	/** Sets the job's timer for its next time on the lab clock. */
	private void schedule(Map<String, Object> job) {
		String id = job.get("id").toString();
		long number = this.timerNumbers.incrementAndGet();
		this.timers.put(id, number);
		Object schedule = (job.get("schedule") != null) ? job.get("schedule") : job.get("starttime");
		if (schedule == null || "0".equals(String.valueOf(job.get("enabled")))) {
			return;
		}
		Instant next = CalendarEvent.parse(schedule.toString()).next(this.state.clock.now());
		Duration delay = this.state.clock.realDelayUntil(next);
		this.scheduler.schedule(() -> fire(id, number), delay.toNanos(), TimeUnit.NANOSECONDS);
	}

	/** The lab clock was set: every job's next time moves with it. */
	void reschedule() {
		this.state.backupJobs.forEach(this::schedule);
	}

	private void fire(String id, long number) {
		synchronized (this.state) {
			Long current = this.timers.get(id);
			if (current == null || current != number) {
				return; // deleted, changed or the lab reset since
			}
			Map<String, Object> job = this.state.backupJobs.stream()
				.filter(j -> id.equals(j.get("id")))
				.findFirst()
				.orElse(null);
			if (job == null) {
				return;
			}
			String node = String.valueOf(job.getOrDefault("node", this.state.settings.templateNode()));
			boolean fail = this.state.settings.faults()
				.next(SYSTEM, "vzdump")
				.filter(kind -> kind == org.homelab.rollout.rehearsal.FaultInjector.Kind.TASK_ERROR)
				.isPresent();
			List<Vm> guests = new ArrayList<>();
			List<String> missing = new ArrayList<>();
			for (String vmid : guestIds(job, node)) {
				Vm vm = this.state.vms.get(Integer.parseInt(vmid));
				if (vm != null && vm.node.equals(node) && vm.lock() == null) {
					guests.add(vm);
				}
				else {
					missing.add(vmid);
				}
			}
			List<String> skipped = missing.stream()
				.map(vmid -> "ERROR: Backup of VM " + vmid + " failed - "
						+ (this.state.vms.containsKey(Integer.parseInt(vmid)) ? "VM is locked" : "unable to find VM"))
				.toList();
			backup(node, "root@pam", String.valueOf(job.getOrDefault("storage", "local")), guests,
					(String) job.get("notes-template"), fail, skipped);
			schedule(job);
		}
	}

	private List<String> guestIds(Map<String, Object> job, String node) {
		if ("1".equals(String.valueOf(job.get("all")))) {
			return this.state.vms.values()
				.stream()
				.filter(vm -> vm.node.equals(node) && !vm.template())
				.map(vm -> String.valueOf(vm.vmid))
				.toList();
		}
		List<String> ids = new ArrayList<>();
		for (String vmid : String.valueOf(job.getOrDefault("vmid", "")).split("[,;\\s]+")) {
			if (!vmid.isEmpty()) {
				ids.add(vmid);
			}
		}
		return ids;
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
	private Task backup(String node, String user, String storage, List<Vm> guests, String notes, boolean fail,
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
	 * {@code POST /nodes/{node}/qemu} with archive: the guest exists at once, locked
	 * "create", until qmrestore ends; other options override the backed-up config (PVE's
	 * override_conf), disks excepted. A failed restore leaves no guest and touches no
	 * other.
	 */
	Object restore(ApiRequest request) {
		String archive = request.param("archive");
		Map<String, String> overrides = new LinkedHashMap<>();
		request.params().forEach((key, values) -> {
			if (!NOT_CONFIG.contains(key)) {
				overrides.put(key, values.get(0));
			}
		});
		for (String key : overrides.keySet()) {
			if (CloneRoutes.isDisk(key)) {
				throw PveError.parameters(Map.of(key, "option conflicts with option 'archive'"));
			}
		}
		PbsVolume pbs = PbsVolume.parse(archive).orElse(null);
		Archived vma = this.archived.get(archive);
		if (pbs != null) {
			if (!this.state.storage(pbs.storage()).pbs()) {
				throw PveError.failed("volume '" + archive + "' does not exist");
			}
		}
		else if (vma == null) {
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
		boolean fail = request.failTask() || this.state.settings.faults()
			.next(SYSTEM, "restore")
			.filter(kind -> kind == org.homelab.rollout.rehearsal.FaultInjector.Kind.TASK_ERROR)
			.isPresent();
		Vm vm = new Vm(vmid, request.node());
		vm.config.put("lock", "create");
		this.state.vms.put(vmid, vm);
		Task task = this.state.tasks.launch(request.node(), "qmrestore", String.valueOf(vmid), request.user(),
				this.state.settings.latency().of("proxmox.restore"), t -> {
					try {
						if (fail) {
							throw PveError.failed(
									"unable to restore VM " + vmid + " - command 'vma extract' failed: exit code 133");
						}
						Archived backup = (pbs != null) ? fromPbs(pbs, archive, vmid, t) : vma;
						restoreInto(vm, backup, overrides, request);
					}
					catch (PveError ex) {
						if (this.state.vms.get(vmid) == vm) {
							this.state.vms.remove(vmid);
						}
						throw ex;
					}
					t.log("restore " + ((pbs != null) ? "proxmox backup" : "vma") + " archive: " + archive);
				});
		return task.upid().text();
	}

	private Archived fromPbs(PbsVolume volume, String archive, int vmid, Task task) {
		Storage storage = this.state.storage(volume.storage());
		task.log("restore vma archive from Proxmox Backup Server: vm/" + volume.vmid() + "/" + volume.time());
		Optional<BackupServers.Snapshot> snapshot;
		try {
			snapshot = this.state.datastore(storage).snapshot(volume.vmid(), volume.time());
		}
		catch (BackupServers.BackupServerException ex) {
			throw PveError.failed("unable to restore VM " + vmid + " - " + ex.getMessage());
		}
		catch (PveError ex) {
			throw PveError.failed("unable to restore VM " + vmid + " - " + ex.getMessage());
		}
		BackupServers.Snapshot found = snapshot.orElseThrow(() -> PveError
			.failed("unable to restore VM " + vmid + " - command 'proxmox-backup-client restore' failed: snapshot 'vm/"
					+ volume.vmid() + "/" + volume.time() + "' does not exist"));
		return new Archived(found.config(), found.files(), this.enabledAtBackup.getOrDefault(archive, Set.of()));
	}

	private void restoreInto(Vm vm, Archived backup, Map<String, String> overrides, ApiRequest request) {
		String target = request.param("storage");
		backup.config().forEach((key, value) -> {
			if (key.equals("lock")) {
				return;
			}
			if (CloneRoutes.isDisk(key) && !value.contains("media=cdrom") && !value.contains("cloudinit")) {
				// the disks are written anew: the guest's own volume names, on the target
				String volume = value.replaceAll("vm-\\d+-disk", "vm-" + vm.vmid + "-disk");
				value = (target != null) ? target + volume.substring(volume.indexOf(':')) : volume;
			}
			vm.config.put(key, value);
		});
		if (request.flag("unique")) {
			vm.config
				.computeIfPresent("net0", (key, net) -> net.replaceAll("([0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5})", String
					.format("BC:24:11:%02X:%02X:%02X", (vm.vmid >> 16) & 0xFF, (vm.vmid >> 8) & 0xFF, vm.vmid & 0xFF)));
			vm.config.put("vmgenid", UUID.randomUUID().toString());
		}
		vm.config.putAll(overrides);
		backup.files().forEach((path, content) -> vm.files.put(path, content.clone()));
		vm.enabled.addAll(backup.enabled());
		vm.config.remove("lock");
		if (request.flag("start")) {
			vm.boot(Instant.now().plus(this.state.settings.latency().of("proxmox.boot")), this.state.address(vm));
		}
	}

	/** {@code <storage>:backup/vm/<vmid>/<time>}. */
	private record PbsVolume(String storage, int vmid, Instant time) {

		static Optional<PbsVolume> parse(String volid) {
			java.util.regex.Matcher m = java.util.regex.Pattern.compile("([^:]+):backup/vm/(\\d+)/(\\S+Z)")
				.matcher(volid);
			if (!m.matches()) {
				return Optional.empty();
			}
			try {
				return Optional.of(new PbsVolume(m.group(1), Integer.parseInt(m.group(2)), Instant.parse(m.group(3))));
			}
			catch (java.time.format.DateTimeParseException ex) {
				return Optional.empty();
			}
		}

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
		this.enabledAtBackup.clear();
		this.timers.clear();
	}

}
