package org.homelab.rollout.kubernetes;

import java.util.List;

/**
 * The state of a release's {@code helm-install-<name>} Job. {@code detail} says what is
 * awaited (PENDING, RUNNING) or, for FAILED, the Job's condition and its last pod;
 * {@code logTail} is the end of that pod's log.
 */
public record HelmJobStatus(State state, String jobName, String detail, String logTail) {

	public static HelmJobStatus of(State state, String jobName, String detail) {
		return new HelmJobStatus(state, jobName, detail, "");
	}

	/**
	 * The log's error lines (klipper-helm prints helm's "Error: …"), else its last line.
	 */
	public String errorLines() {
		List<String> lines = this.logTail.lines().filter(l -> !l.isBlank()).toList();
		List<String> errors = lines.stream().filter(l -> l.contains("Error") || l.contains("error:")).toList();
		if (!errors.isEmpty()) {
			return String.join("\n", errors);
		}
		return lines.isEmpty() ? "(the pod left no log)" : lines.get(lines.size() - 1);
	}

	public enum State {

		/** The helm-controller has not started the Job for the current spec yet. */
		PENDING,
		/** The Job runs (or retries a failed pod within its backOffLimit). */
		RUNNING,
		/** {@code Complete=True}: helm installed or upgraded the release. */
		COMPLETE,
		/** {@code Failed=True}: the backOffLimit is spent. */
		FAILED

	}

}
