package org.homelab.rollout.rehearsal.gitlab;

import java.security.SecureRandom;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a GitLab Runner manager's Prometheus listener (port 9252) reports, kept per
 * manager (its token's digest) as {@link RunnerHeartbeat} polls GitLab for it:
 * {@code gitlab_runner_api_request_statuses_total{endpoint="request_job"}} counts each
 * poll by GitLab's answer (201 a job was handed out, 204 none, 403 the token is not
 * known), {@code gitlab_runner_jobs{state="running"}} the jobs it runs, beside
 * {@code gitlab_runner_version_info}, {@code gitlab_runner_concurrent} and
 * {@code gitlab_runner_errors_total}. The {@code runner} label is the runner's short
 * token in GitLab Runner; here the digest's first 8 characters stand for it (no part of a
 * token leaves the lab). A manager's counters start at its first poll, as a process's do.
 */
public final class RunnerMetrics {

	/** The Runner release of the pinned chart (gitlab-runner 0.86.0). */
	static final String VERSION = "18.9.0";

	private static final SecureRandom RANDOM = new SecureRandom();

	private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

	private final Map<String, Manager> managers = new ConcurrentHashMap<>();

	private static final class Manager {

		final String systemId = systemId();

		final Map<String, Long> requests = new TreeMap<>();

		final Set<Integer> jobsTaken = ConcurrentHashMap.newKeySet();

		volatile int running;

	}

	/** Counts {@code times} request_job polls GitLab answered with {@code status}. */
	void requested(String digest, String status, long times) {
		Manager manager = this.managers.computeIfAbsent(digest, d -> new Manager());
		synchronized (manager) {
			manager.requests.merge(status, times, Long::sum);
		}
	}

	/** The jobs of a manager GitLab had not handed it before, now counted as handed. */
	int taken(String digest, Set<Integer> jobs, int running) {
		Manager manager = this.managers.computeIfAbsent(digest, d -> new Manager());
		manager.running = running;
		int fresh = 0;
		for (Integer job : jobs) {
			fresh += manager.jobsTaken.add(job) ? 1 : 0;
		}
		return fresh;
	}

	/** A new process: counters from zero (the lab was reset). */
	public void reset() {
		this.managers.clear();
	}

	/** The listener's answer to {@code GET /metrics} (Prometheus text format 0.0.4). */
	public String render(String digest, int concurrent) {
		Manager manager = this.managers.computeIfAbsent(digest, d -> new Manager());
		// labels in name order, as the Go client writes them
		String runner = "runner=\"" + digest.substring(0, Math.min(8, digest.length())) + "\"";
		String system = "system_id=\"" + manager.systemId + "\"";
		StringBuilder text = new StringBuilder();
		text.append("# HELP gitlab_runner_api_request_statuses_total The total number of api requests, partitioned"
				+ " by runner, system_id, endpoint and status.\n")
			.append("# TYPE gitlab_runner_api_request_statuses_total counter\n");
		synchronized (manager) {
			manager.requests.forEach(
					(status, count) -> text.append("gitlab_runner_api_request_statuses_total{endpoint=\"request_job\",")
						.append(runner)
						.append(",status=\"")
						.append(status)
						.append("\",")
						.append(system)
						.append("} ")
						.append(count)
						.append('\n'));
		}
		text.append("# HELP gitlab_runner_concurrent The current value of concurrent setting\n")
			.append("# TYPE gitlab_runner_concurrent gauge\n")
			.append("gitlab_runner_concurrent ")
			.append(concurrent)
			.append('\n')
			.append("# HELP gitlab_runner_errors_total The number of caught errors.\n")
			.append("# TYPE gitlab_runner_errors_total counter\n")
			.append("gitlab_runner_errors_total{level=\"error\"} 0\n")
			.append("gitlab_runner_errors_total{level=\"warning\"} 0\n")
			.append("# HELP gitlab_runner_jobs The current number of running builds.\n")
			.append("# TYPE gitlab_runner_jobs gauge\n")
			.append("gitlab_runner_jobs{executor_stage=\"\",")
			.append(runner)
			.append(",stage=\"\",state=\"running\",")
			.append(system)
			.append("} ")
			.append(manager.running)
			.append('\n')
			.append("# HELP gitlab_runner_version_info A metric with a constant '1' value labeled by different"
					+ " build stats fields.\n")
			.append("# TYPE gitlab_runner_version_info gauge\n")
			.append("gitlab_runner_version_info{architecture=\"amd64\",branch=\"18-9-stable\",")
			.append("go_version=\"go1.24.13\",name=\"gitlab-runner\",os=\"linux\",version=\"")
			.append(VERSION)
			.append("\"} 1\n");
		return text.toString();
	}

	private static String systemId() {
		StringBuilder id = new StringBuilder("r_");
		for (int i = 0; i < 12; i++) {
			id.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
		}
		return id.toString();
	}

}
