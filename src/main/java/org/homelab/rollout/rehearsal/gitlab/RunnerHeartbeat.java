package org.homelab.rollout.rehearsal.gitlab;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.homelab.rollout.rehearsal.FaultInjector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Couples the lab's K3s and GitLab as GitLab Runner does: every poll interval each
 * running runner manager (a Ready pod of a {@code gitlab-runner} release with a token
 * Secret, {@code polling}: token digest → node) contacts every GitLab that knows its
 * token. Such a runner is online on that node ({@code GitlabState.runnerNodes}) and its
 * {@code contacted_at} moves; one whose manager stopped polling (pods gone, token deleted
 * or revoked) is offline from the next poll on, GitLab keeping its last contact.
 * <p>
 * Fault: system "gitlab", operation "runner-token" (any kind): at a poll, GitLab resets
 * one online runner's authentication token, as {@code POST
 * /runners/:id/reset_authentication_token} does; the Secret's token no longer works and
 * the runner goes offline.
 */
public final class RunnerHeartbeat implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RunnerHeartbeat.class);

	// at test scale the realistic few seconds would be a busy loop of cluster reads
	private static final Duration MIN_INTERVAL = Duration.ofMillis(100);

	private final GitlabService gitlab;

	private final Supplier<Map<String, String>> polling;

	private final FaultInjector faults;

	private final Duration interval;

	private final RunnerMetrics metrics;

	private ScheduledExecutorService executor;

	public RunnerHeartbeat(GitlabService gitlab, Supplier<Map<String, String>> polling, FaultInjector faults,
			Duration interval) {
		this(gitlab, polling, faults, interval, new RunnerMetrics());
	}

	/** The same, counting each manager's polls in {@code metrics}. */
	public RunnerHeartbeat(GitlabService gitlab, Supplier<Map<String, String>> polling, FaultInjector faults,
			Duration interval, RunnerMetrics metrics) {
		this.metrics = metrics;
		this.gitlab = gitlab;
		this.polling = polling;
		this.faults = faults;
		this.interval = (interval.compareTo(MIN_INTERVAL) < 0) ? MIN_INTERVAL : interval;
	}

	public synchronized RunnerHeartbeat start() {
		if (this.executor == null) {
			this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
				Thread thread = new Thread(r, "gitlab-runner-heartbeat");
				thread.setDaemon(true);
				return thread;
			});
			long millis = this.interval.toMillis();
			this.executor.scheduleWithFixedDelay(this::poll, millis, millis, TimeUnit.MILLISECONDS);
		}
		return this;
	}

	/** One poll of every manager (also what a test calls to not wait for the next). */
	public void poll() {
		try {
			List<GitlabLab> up = this.gitlab.labs().values().stream().filter(GitlabLab::ready).toList();
			if (up.isEmpty()) {
				// no GitLab to contact: the cluster is not asked (most labs have none)
				return;
			}
			Map<String, String> managers = this.polling.get();
			java.util.Set<String> known = new java.util.HashSet<>();
			for (GitlabLab lab : up) {
				contact(lab.state, managers, this.faults.next("gitlab", "runner-token").isPresent());
				known.addAll(count(lab.state, managers, this.metrics));
			}
			// a manager whose token no GitLab knows (revoked, deleted) is refused
			managers.keySet()
				.stream()
				.filter(digest -> !known.contains(digest))
				.forEach(digest -> this.metrics.requested(digest, "403", 1));
		}
		catch (RuntimeException ex) {
			// a cluster being reset between two reads: the next poll sees it settled
			log.debug("runner heartbeat skipped a poll: {}", ex.toString());
		}
	}

	static void contact(GitlabState state, Map<String, String> managers, boolean revokeOne) {
		synchronized (state) {
			Instant now = Instant.now();
			for (GitlabState.Runner runner : state.runners.values().toArray(GitlabState.Runner[]::new)) {
				if (state.placedByHand.contains(runner.id())) {
					continue;
				}
				String node = managers.get(runner.digest());
				if (node != null && revokeOne) {
					// the old token is gone: its manager is refused from now on
					state.runners.put(runner.id(),
							new GitlabState.Runner(runner.id(), runner.type(), runner.description(), runner.tags(),
									GitlabState.digest(GitlabState.secret("glrt-")), runner.ownerId()));
					revokeOne = false;
					node = null;
				}
				if (node != null) {
					state.runnerNodes.put(runner.id(), node);
					state.runnerContacts.put(runner.id(), now);
				}
				else {
					state.runnerNodes.remove(runner.id());
				}
			}
			state.runnerNodes.keySet().retainAll(state.runners.keySet());
		}
	}

	/**
	 * Each polling manager GitLab knows asked for a job: 201 for every job handed to its
	 * runner since the last poll, else 204. Returns the digests GitLab knows.
	 */
	static java.util.Set<String> count(GitlabState state, Map<String, String> managers, RunnerMetrics metrics) {
		java.util.Set<String> known = new java.util.HashSet<>();
		synchronized (state) {
			for (GitlabState.Runner runner : state.runners.values()) {
				if (!managers.containsKey(runner.digest())) {
					continue;
				}
				known.add(runner.digest());
				java.util.Set<Integer> handed = new java.util.HashSet<>();
				int running = 0;
				for (CiState.Pipeline pipeline : state.ci.pipelines.values()) {
					for (CiState.Job job : pipeline.jobs) {
						if (job.runner != null && job.runner.id() == runner.id()) {
							handed.add(job.id);
							running += "running".equals(job.status) ? 1 : 0;
						}
					}
				}
				int fresh = metrics.taken(runner.digest(), handed, running);
				metrics.requested(runner.digest(), (fresh > 0) ? "201" : "204", Math.max(fresh, 1));
			}
		}
		return known;
	}

	/** The metrics of the managers this heartbeat polls for. */
	public RunnerMetrics metrics() {
		return this.metrics;
	}

	/** Whether its managers poll (started and not closed). */
	public synchronized boolean running() {
		return this.executor != null;
	}

	@Override
	public synchronized void close() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

}
