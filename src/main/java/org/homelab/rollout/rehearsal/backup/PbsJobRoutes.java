package org.homelab.rollout.rehearsal.backup;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.homelab.rollout.rehearsal.FaultInjector;

/**
 * Prune ({@code /config/prune}, {@code /admin/prune/{id}/run}) and verify jobs
 * ({@code /config/verify}, {@code /admin/verify/{id}/run}) and worker tasks
 * ({@code /nodes/{node}/tasks/{upid}}). Prune keeps by PBS's rules (each rule keeps the
 * newest snapshot of each of its last N periods not yet kept); pruned bytes stay until
 * garbage collection. Verify marks every snapshot ok or, with a corrupt chunk, failed.
 */
final class PbsJobRoutes {

	private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

	private static final List<String> KEEP = List.of("keep-daily", "keep-weekly", "keep-monthly");

	private final PbsLab lab;

	private final PbsState state;

	PbsJobRoutes(PbsLab lab) {
		this.lab = lab;
		this.state = lab.state;
	}

	Optional<PbsAnswer> answer(PbsRequest request) {
		String id = request.param("id");
		return Optional.ofNullable(switch (request.method() + " " + request.route()) {
			case "GET /config/prune" -> list(request, this.state.pruneJobs);
			case "POST /config/prune" -> create(request, this.state.pruneJobs, "prune");
			case "GET /config/prune/{id}" -> get(request, this.state.pruneJobs.get(id), "prune", id);
			case "PUT /config/prune/{id}" -> update(request, this.state.pruneJobs.get(id), "prune", id);
			case "DELETE /config/prune/{id}" -> delete(request, this.state.pruneJobs, "prune", id);
			case "POST /admin/prune/{id}/run" -> run(request, this.state.pruneJobs.get(id), "prune", id);
			case "GET /config/verify" -> list(request, this.state.verifyJobs);
			case "POST /config/verify" -> create(request, this.state.verifyJobs, "verify");
			case "GET /config/verify/{id}" -> get(request, this.state.verifyJobs.get(id), "verify", id);
			case "PUT /config/verify/{id}" -> update(request, this.state.verifyJobs.get(id), "verify", id);
			case "DELETE /config/verify/{id}" -> delete(request, this.state.verifyJobs, "verify", id);
			case "POST /admin/verify/{id}/run" -> run(request, this.state.verifyJobs.get(id), "verify", id);
			case "GET /nodes/{node}/tasks/{upid}/status" -> task(request, this.lab.tasks()::status);
			case "GET /nodes/{node}/tasks/{upid}/log" -> task(request, PbsJobRoutes::log);
			default -> null;
		});
	}

	private boolean may(PbsRequest request, String store, String kind) {
		Set<String> held = PbsPrivileges.of(this.state.acl, request.authId(), "/datastore/" + store);
		return held.contains(PbsPrivileges.MODIFY) || ("verify".equals(kind) && held.contains(PbsPrivileges.VERIFY));
	}

	private PbsAnswer list(PbsRequest request, Map<String, Map<String, String>> jobs) {
		ArrayNode list = JSON.arrayNode();
		jobs.values().stream().filter(job -> may(request, job.get("store"), "")).forEach(job -> list.add(node(job)));
		return PbsAnswer.ok(list);
	}

	private PbsAnswer create(PbsRequest request, Map<String, Map<String, String>> jobs, String kind) {
		String id = request.param("id");
		String store = request.param("store");
		if (!may(request, store, kind)) {
			return PbsAnswer.forbidden();
		}
		if (jobs.containsKey(id)) {
			return PbsAnswer.failed("job '" + id + "' already exists.");
		}
		if (!this.state.stores.containsKey(store)) {
			return PbsAnswer.failed("no such datastore '" + store + "'");
		}
		Map<String, String> job = new LinkedHashMap<>();
		request.params().forEach((name, values) -> job.put(name, values.get(0)));
		jobs.put(id, job);
		return PbsAnswer.done();
	}

	private PbsAnswer get(PbsRequest request, Map<String, String> job, String kind, String id) {
		if (job == null) {
			return PbsAnswer.error(404, kind + " job '" + id + "' does not exist.");
		}
		return may(request, job.get("store"), kind) ? PbsAnswer.ok(node(job)) : PbsAnswer.forbidden();
	}

	private PbsAnswer update(PbsRequest request, Map<String, String> job, String kind, String id) {
		if (job == null) {
			return PbsAnswer.error(404, kind + " job '" + id + "' does not exist.");
		}
		String store = (request.param("store") != null) ? request.param("store") : job.get("store");
		if (!may(request, job.get("store"), kind) || !may(request, store, kind)) {
			return PbsAnswer.forbidden();
		}
		request.all("delete").forEach(job::remove);
		request.params().forEach((name, values) -> {
			if (!name.equals("delete") && !name.equals("digest")) {
				job.put(name, values.get(0));
			}
		});
		return PbsAnswer.done();
	}

	private PbsAnswer delete(PbsRequest request, Map<String, Map<String, String>> jobs, String kind, String id) {
		Map<String, String> job = jobs.get(id);
		if (job == null) {
			return PbsAnswer.error(404, kind + " job '" + id + "' does not exist.");
		}
		if (!may(request, job.get("store"), kind)) {
			return PbsAnswer.forbidden();
		}
		jobs.remove(id);
		return PbsAnswer.done();
	}

	private PbsAnswer run(PbsRequest request, Map<String, String> job, String kind, String id) {
		if (job == null) {
			return PbsAnswer.error(404, kind + " job '" + id + "' does not exist.");
		}
		String store = job.get("store");
		if (!may(request, store, kind)) {
			return PbsAnswer.forbidden();
		}
		PbsState.Store target = this.state.stores.get(store);
		if (target == null) {
			return PbsAnswer.failed("datastore '" + store + "' does not exist.");
		}
		String wid = store + ":" + id;
		if (kind.equals("prune")) {
			List<String> log = prune(target, job);
			return PbsAnswer.ok(this.lab.task("prunejob", wid, request.authId(), "pbs.prune", "OK", log).upid());
		}
		return verify(request, target, job, wid);
	}

	/** PBS's keep rules; returns the task log. */
	private static List<String> prune(PbsState.Store store, Map<String, String> job) {
		List<String> log = new ArrayList<>();
		Map<Integer, List<PbsState.Stored>> groups = new LinkedHashMap<>();
		store.snapshots.forEach(s -> groups.computeIfAbsent(s.snapshot.vmid(), vmid -> new ArrayList<>()).add(s));
		boolean anyRule = KEEP.stream().anyMatch(job::containsKey);
		for (List<PbsState.Stored> group : groups.values()) {
			group.sort(Comparator.comparing((PbsState.Stored s) -> s.snapshot.time()).reversed());
			Map<PbsState.Stored, Boolean> keep = new IdentityHashMap<>();
			mark(keep, group, job.get("keep-daily"), time -> time.toLocalDate().toString());
			mark(keep, group, job.get("keep-weekly"),
					time -> time.get(IsoFields.WEEK_BASED_YEAR) + "/" + time.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
			mark(keep, group, job.get("keep-monthly"), time -> time.getYear() + "/" + time.getMonthValue());
			for (PbsState.Stored snapshot : group) {
				boolean kept = !anyRule || keep.getOrDefault(snapshot, false);
				log.add("vm/" + snapshot.snapshot.vmid() + "/" + snapshot.snapshot.time() + " "
						+ (kept ? "keep" : "remove"));
				if (!kept) {
					store.snapshots.remove(snapshot);
					store.garbage += snapshot.snapshot.size();
				}
			}
		}
		log.add("TASK OK");
		return log;
	}

	private static void mark(Map<PbsState.Stored, Boolean> keep, List<PbsState.Stored> newestFirst, String count,
			Function<ZonedDateTime, String> period) {
		if (count == null) {
			return;
		}
		int wanted = Integer.parseInt(count);
		Set<String> periods = new HashSet<>();
		newestFirst.stream()
			.filter(s -> keep.getOrDefault(s, false))
			.forEach(s -> periods.add(period.apply(s.snapshot.time().atZone(ZoneOffset.UTC))));
		int kept = 0;
		for (PbsState.Stored snapshot : newestFirst) {
			if (keep.containsKey(snapshot)) {
				continue;
			}
			String id = period.apply(snapshot.snapshot.time().atZone(ZoneOffset.UTC));
			if (periods.contains(id)) {
				continue;
			}
			if (kept < wanted) {
				keep.put(snapshot, true);
				periods.add(id);
				kept++;
			}
		}
	}

	/**
	 * Reads every snapshot (skipping those verified ok when ignore-verified; the lab does
	 * not age verifications, so outdated-after is kept but not acted on); fault
	 * "pbs"/"verify" CORRUPT_CHUNK: that snapshot has a bad chunk.
	 */
	private PbsAnswer verify(PbsRequest request, PbsState.Store store, Map<String, String> job, String wid) {
		boolean ignoreVerified = !"false".equalsIgnoreCase(job.getOrDefault("ignore-verified", "true"))
				&& !"0".equals(job.get("ignore-verified"));
		List<String> log = new ArrayList<>();
		List<PbsState.Stored> failed = new ArrayList<>();
		List<PbsState.Stored> checked = new ArrayList<>();
		for (PbsState.Stored snapshot : store.snapshots) {
			if (ignoreVerified && "ok".equals(snapshot.verifyState)) {
				log.add("SKIPPED: verify vm/" + snapshot.snapshot.vmid() + "/" + snapshot.snapshot.time()
						+ " (recently verified)");
				continue;
			}
			checked.add(snapshot);
			if (this.lab.faults().next("pbs", "verify").orElse(null) == FaultInjector.Kind.CORRUPT_CHUNK) {
				failed.add(snapshot);
				log.add("can't verify chunk, load failed - store '" + wid.substring(0, wid.indexOf(':'))
						+ "', unable to load chunk " + "'0f3a…' - blob has wrong CRC checksum");
			}
			log.add("verify vm/" + snapshot.snapshot.vmid() + "/" + snapshot.snapshot.time());
		}
		String exit = failed.isEmpty() ? "OK" : "verification failed - please check the log for details";
		log.add(failed.isEmpty() ? "TASK OK" : "TASK ERROR: " + exit);
		PbsState.Task task = this.lab.task("verificationjob", wid, request.authId(), "pbs.verify", exit, log);
		for (PbsState.Stored snapshot : checked) {
			snapshot.verifyState = failed.contains(snapshot) ? "failed" : "ok";
			snapshot.verifyUpid = task.upid();
		}
		return PbsAnswer.ok(task.upid());
	}

	private PbsAnswer task(PbsRequest request, Function<PbsState.Task, Object> view) {
		PbsState.Task task = this.state.tasks.get(request.param("upid"));
		if (task == null) {
			return PbsAnswer.failed("task '" + request.param("upid") + "' not found");
		}
		boolean own = task.authId().equals(request.authId()) || task.authId().startsWith(request.authId() + "!");
		if (!own && !PbsPrivileges.of(this.state.acl, request.authId(), "/system/tasks")
			.contains(PbsPrivileges.SYS_AUDIT)) {
			return PbsAnswer.forbidden();
		}
		Object answer = view.apply(task);
		return PbsAnswer.ok((answer instanceof ObjectNode node) ? node : (ArrayNode) answer);
	}

	private static Object log(PbsState.Task task) {
		ArrayNode lines = JSON.arrayNode();
		for (int i = 0; i < task.log().size(); i++) {
			lines.addObject().put("n", i + 1).put("t", task.log().get(i));
		}
		return lines;
	}

	private static ObjectNode node(Map<String, String> job) {
		ObjectNode node = JSON.objectNode();
		job.forEach((name, value) -> {
			if (value.matches("\\d+") && !name.equals("id") && !name.equals("store")) {
				node.put(name, Long.parseLong(value));
			}
			else if (value.matches("(?i)true|false")) {
				node.put(name, Boolean.parseBoolean(value));
			}
			else {
				node.put(name, value);
			}
		});
		return node;
	}

}
