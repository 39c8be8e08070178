package org.homelab.rollout.crash;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One Phase 1 run on engine processes against a {@link LabProcess}, driven from outside
 * as an operator would (engine-rest), and killed with SIGKILL at each {@link KillPoint}
 * as it reaches them: after each kill an engine node starts again on the same database
 * and the run goes on. Measures, per kill, the restart (kill to ready) and the recovery:
 * from ready until everything the dead node had in hand (due jobs, locked waits) has
 * moved on and some activity of the run finished.
 */
final class CrashRun {

	/** What the crash tests promise after a restart (issue 13). */
	static final Duration RECOVERY_TARGET = Duration.ofSeconds(15);

	private static final Duration POLL = Duration.ofMillis(100);

	private final LabProcess lab;

	private final Duration patience;

	private final Duration timeout;

	private final List<Recovery> recoveries = new ArrayList<>();

	private final Map<String, String> secrets = new LinkedHashMap<>();

	private final List<String> operatorLog = new ArrayList<>();

	private String processInstanceId;

	/**
	 * Job definitions by id, read while the node lives (a job's activity, for messages).
	 */
	private final Map<String, JsonNode> jobDefinitions = new HashMap<>();

	/**
	 * One kill and what followed. {@code recovery} is null when the next point came
	 * before the run had visibly recovered ({@code interruptedAfter} then says when).
	 */
	record Recovery(KillPoint point, String killedNode, String restartedNode, Duration restart, Duration recovery,
			Duration interruptedAfter) {

		boolean withinTarget() {
			return (this.recovery != null) ? this.recovery.compareTo(RECOVERY_TARGET) <= 0
					: this.interruptedAfter != null && this.interruptedAfter.compareTo(RECOVERY_TARGET) <= 0;
		}

		String line(String database) {
			String measured = (this.recovery != null) ? seconds(this.recovery) : (this.interruptedAfter != null)
					? "n/a (next kill point after " + seconds(this.interruptedAfter) + ")" : "not moved yet";
			return String.format(Locale.ROOT, "crash %-10s %-32s killed %s, restarted %s: ready after %s, recovery %s",
					database, this.point.description(), this.killedNode, this.restartedNode, seconds(this.restart),
					measured);
		}

	}

	/** The engine nodes' state directory (Vault's shares file and engine token). */
	private final Path stateDir;

	CrashRun(LabProcess lab, Path stateDir, Duration patience, Duration timeout) {
		this.lab = lab;
		this.stateDir = stateDir;
		this.patience = patience;
		this.timeout = timeout;
	}

	String processInstanceId() {
		return this.processInstanceId;
	}

	List<Recovery> recoveries() {
		return this.recoveries;
	}

	/** Secret values seen on the way (shares, tokens), by name: for the secret scan. */
	Map<String, String> secrets() {
		return this.secrets;
	}

	/**
	 * Starts Phase 1 on {@code starter} (already running) and drives it to its end:
	 * completes the user tasks once their kill point is behind, and kills the node the
	 * run lives on at each of {@code points}; {@code next} says which node comes up after
	 * a kill of a given node (the same for one engine, the other one in a cluster).
	 * Answers the points never reached.
	 */
	Set<KillPoint> drive(String run, EngineNode starter, Set<KillPoint> points,
			java.util.function.Function<EngineNode, EngineNode> next, java.util.function.Consumer<EngineNode> onUp)
			throws Exception {
		Set<KillPoint> pending = EnumSet.copyOf(points);
		EngineNode node = starter;
		EngineRest rest = node.rest();
		this.lab.arm(pending.stream().map(KillPoint::hold).filter(Objects::nonNull).toList());
		Set<String> consumedHolds = new HashSet<>();
		this.processInstanceId = rest.startPhase1(run);
		Instant readyAt = Instant.now();
		// the waits the dead node had locked: a point at a wait needs the running node's
		// own lock
		Set<String> deadLocks = new HashSet<>();
		Map<String, String> inFlight = Map.of();
		boolean measured = true;
		Instant deadline = Instant.now().plus(this.timeout);
		while (Instant.now().isBefore(deadline)) {
			List<JsonNode> externalTasks = rest.externalTasks();
			List<JsonNode> jobs = rest.jobs();
			for (JsonNode job : jobs) {
				EngineRest current = rest;
				this.jobDefinitions.computeIfAbsent(job.path("jobDefinitionId").asText(),
						id -> current.get("/job-definition/" + id));
			}
			List<JsonNode> tasks = rest.tasks(null);
			failOnIncident(rest);
			List<String> unmoved = measured ? List.of() : unmoved(inFlight, externalTasks, jobs);
			boolean finished = !measured && rest.firstFinishedAfter(readyAt.minusMillis(1)).isPresent();
			if (!measured && unmoved.isEmpty() && finished) {
				Duration recovery = Duration.between(readyAt, Instant.now());
				replaceLast(last -> new Recovery(last.point(), last.killedNode(), last.restartedNode(), last.restart(),
						recovery, null));
				System.out.println("progress " + last().line(run));
				measured = true;
			}
			if (!measured && Duration.between(readyAt, Instant.now()).compareTo(this.patience) > 0) {
				throw new AssertionError(
						"after the kill at '" + last().point().description() + "' the run did not move within "
								+ seconds(this.patience) + " of node " + last().restartedNode()
								+ " being ready; still in hand: " + inFlight.keySet() + "\nrecoveries so far:\n"
								+ this.recoveries.stream().map(r -> r.line("")).collect(Collectors.joining("\n")));
			}
			operate(rest, tasks, pending);
			if ("COMPLETED".equals(rest.state(this.processInstanceId))) {
				if (!measured) {
					// the run ended after the last restart (the gate approved): it moved
					Duration recovery = Duration.between(readyAt, Instant.now());
					replaceLast(last -> new Recovery(last.point(), last.killedNode(), last.restartedNode(),
							last.restart(), recovery, null));
				}
				return pending;
			}
			List<String> openKeys = tasks.stream().map(t -> t.path("taskDefinitionKey").asText()).toList();
			Set<String> locks = deadLocks;
			// the lab's holds first: a held request waits for the kill however late this
			// look comes; then the waits and user tasks, which hold by themselves
			List<KillPoint> reachedNow = new ArrayList<>();
			this.lab.held()
				.stream()
				.filter(consumedHolds::add)
				.map(KillPoint::valueOf)
				.filter(pending::contains)
				.forEach(reachedNow::add);
			if (reachedNow.isEmpty()) {
				pending.stream()
					.filter(p -> p.reached(externalTasks, locks, openKeys))
					.findFirst()
					.ifPresent(reachedNow::add);
			}
			KillPoint reached = reachedNow.isEmpty() ? null : reachedNow.get(0);
			if (reached != null) {
				// killed at once; what it had in hand is as of this look, a moment ago
				Instant killedAt = node.kill();
				inFlight = inFlight(jobs, externalTasks);
				deadLocks = externalTasks.stream().map(CrashRun::lock).collect(Collectors.toSet());
				if (!measured) {
					Duration until = Duration.between(readyAt, killedAt);
					replaceLast(last -> new Recovery(last.point(), last.killedNode(), last.restartedNode(),
							last.restart(), null, until));
					System.out.println(
							last().line(run) + "; not moved then: " + unmoved + ", an activity finished: " + finished);
				}
				pending.removeAll(reachedNow);
				if (reachedNow.size() > 1) {
					// two holds caught requests of parallel branches before the kill:
					// killed in the middle of both
					System.out.println("crash " + run + " killed at "
							+ reachedNow.stream().map(KillPoint::description).collect(Collectors.joining(" and "))
							+ " at once (both requests held)");
				}
				if (reachedNow.contains(KillPoint.VAULT_INIT)
						&& stateFiles().stream().noneMatch(f -> f.startsWith("unseal-shares-"))) {
					throw new AssertionError(
							"killed at 'Vault init' before the engine wrote the shares file: " + stateFiles());
				}
				EngineNode up = next.apply(node);
				if (!up.alive()) {
					readyAt = up.start();
				}
				else {
					readyAt = Instant.now();
				}
				onUp.accept(up);
				this.recoveries.add(new Recovery(reached, node.nodeId(), up.nodeId(),
						Duration.between(killedAt, readyAt), null, null));
				node = up;
				rest = node.rest();
				measured = false;
				continue;
			}
			Thread.sleep(POLL.toMillis());
		}
		throw new AssertionError("Phase 1 did not end within " + this.timeout + "; points still pending: " + pending
				+ "; operator: " + this.operatorLog);
	}

	/** Names of the files in the nodes' Vault state directory. */
	private List<String> stateFiles() {
		Path vault = this.stateDir.resolve("vault");
		if (!Files.isDirectory(vault)) {
			return List.of();
		}
		try (Stream<Path> files = Files.list(vault)) {
			return files.map(f -> f.getFileName().toString()).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The operator's part: moves Vault's shares offline and approves the gate, once the
	 * kill point at that task is behind.
	 */
	private void operate(EngineRest rest, List<JsonNode> tasks, Set<KillPoint> pending) throws IOException {
		for (JsonNode task : tasks) {
			String key = task.path("taskDefinitionKey").asText();
			String id = task.path("id").asText();
			if (key.equals(KillPoint.SHARES_TASK.userTask()) && !pending.contains(KillPoint.SHARES_TASK)) {
				String file = rest.variable(task.path("processInstanceId").asText(), "vaultSharesFile").orElse(null);
				if (file != null) {
					Path shares = Path.of(file);
					if (Files.exists(shares)) {
						String text = Files.readString(shares);
						words(text).forEach(word -> this.secrets.put("shares file word " + this.secrets.size(), word));
						Files.delete(shares);
					}
				}
				if (rest.complete(id, "{\"vaultSharesMovedOffline\": {\"value\": true, \"type\": \"Boolean\"}}")) {
					this.operatorLog.add("moved shares offline");
				}
			}
			else if (key.equals(KillPoint.GATE.userTask()) && !pending.contains(KillPoint.GATE)) {
				if (rest.complete(id, "{\"phase1Decision\": {\"value\": \"approve\", \"type\": \"String\"}}")) {
					this.operatorLog.add("approved Phase 1");
				}
			}
		}
	}

	/**
	 * What the node about to die has in hand: due jobs (their retries and due date) and
	 * locked waits (their lock's expiry), by id.
	 */
	private Map<String, String> inFlight(List<JsonNode> jobs, List<JsonNode> externalTasks) {
		Map<String, String> inFlight = new HashMap<>();
		jobs.stream().filter(CrashRun::due).forEach(job -> inFlight.put(jobName(job), signature(job)));
		externalTasks.stream()
			.filter(task -> !task.path("lockExpirationTime").isNull())
			.forEach(task -> inFlight.put("wait " + task.path("activityId").asText() + " " + task.path("id").asText(),
					task.path("lockExpirationTime").asText()));
		return inFlight;
	}

	/**
	 * What of {@code inFlight} has not moved on: each job gone or changed (run, failed
	 * and retrying), each wait gone or locked anew.
	 */
	private static List<String> unmoved(Map<String, String> inFlight, List<JsonNode> externalTasks,
			List<JsonNode> jobs) {
		Map<String, String> now = new HashMap<>();
		jobs.forEach(job -> now.put(jobKey(job), signature(job)));
		externalTasks
			.forEach(task -> now.put("wait " + task.path("activityId").asText() + " " + task.path("id").asText(),
					task.path("lockExpirationTime").isNull() ? "unlocked" : task.path("lockExpirationTime").asText()));
		return inFlight.entrySet().stream().filter(e -> {
			String current = now.get(e.getKey().startsWith("job ") ? e.getKey().split(" ")[1] : e.getKey());
			return current != null && (current.equals(e.getValue()) || "unlocked".equals(current));
		}).map(Map.Entry::getKey).toList();
	}

	/**
	 * A job by id, with its activity and type for a reader ("job <id> <activity>
	 * <type>").
	 */
	private String jobName(JsonNode job) {
		JsonNode definition = this.jobDefinitions.getOrDefault(job.path("jobDefinitionId").asText(),
				com.fasterxml.jackson.databind.node.MissingNode.getInstance());
		return "job " + job.path("id").asText() + " " + definition.path("activityId").asText() + " "
				+ definition.path("jobType").asText() + " " + definition.path("jobConfiguration").asText();
	}

	private static String jobKey(JsonNode job) {
		return job.path("id").asText();
	}

	private static boolean due(JsonNode job) {
		if (job.path("retries").asInt() == 0 || job.path("suspended").asBoolean()) {
			return false;
		}
		String due = job.path("dueDate").asText(null);
		return due == null || due.equals("null") || EngineRest.instant(due).isBefore(Instant.now());
	}

	private static String signature(JsonNode job) {
		return job.path("retries").asText() + "|" + job.path("dueDate").asText();
	}

	static String lock(JsonNode task) {
		return task.path("id").asText() + "@" + task.path("lockExpirationTime").asText();
	}

	private static void failOnIncident(EngineRest rest) {
		List<JsonNode> incidents = rest.incidents();
		if (!incidents.isEmpty()) {
			throw new AssertionError("incident: " + incidents.stream()
				.map(i -> i.path("activityId").asText() + ": " + i.path("incidentMessage").asText())
				.collect(Collectors.joining("; ")));
		}
	}

	private Recovery last() {
		return this.recoveries.get(this.recoveries.size() - 1);
	}

	private void replaceLast(java.util.function.UnaryOperator<Recovery> change) {
		this.recoveries.set(this.recoveries.size() - 1, change.apply(last()));
	}

	/** Words of a secret-holding file long enough to be a secret (tokens, shares). */
	static Stream<String> words(String text) {
		return Stream.of(text.split("[\\s\"',:=]+")).filter(word -> word.length() >= 20);
	}

	static String seconds(Duration duration) {
		return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
	}

}
