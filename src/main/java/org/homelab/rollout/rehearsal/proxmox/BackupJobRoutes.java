package org.homelab.rollout.rehearsal.proxmox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.homelab.rollout.rehearsal.FaultInjector;

/**
 * Scheduled backup jobs ({@code /cluster/backup}): each job with a schedule has a timer
 * for its next time on the lab clock; when it fires, a vzdump task runs as pvescheduler
 * runs it (as root@pam, the job's guests, skipped ones logged) and the next timer is set.
 */
final class BackupJobRoutes {

	private static final String SYSTEM = "proxmox";

	private final LabState state;

	private final ScheduledExecutorService scheduler;

	private final BackupRoutes backups;

	/** The pending timer of each scheduled job: a stale timer finds another number. */
	private final Map<String, Long> timers = new HashMap<>();

	private final AtomicLong timerNumbers = new AtomicLong();

	BackupJobRoutes(LabState state, ScheduledExecutorService scheduler, BackupRoutes backups) {
		this.state = state;
		this.scheduler = scheduler;
		this.backups = backups;
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
			});
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
				.filter(kind -> kind == FaultInjector.Kind.TASK_ERROR)
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
			this.backups.backup(node, "root@pam", String.valueOf(job.getOrDefault("storage", "local")), guests,
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
		this.timers.clear();
	}

}
