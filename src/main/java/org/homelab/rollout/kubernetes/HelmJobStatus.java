package org.homelab.rollout.kubernetes;

/**
 * The state of a release's {@code helm-install-<name>} Job. {@code detail} says what is awaited (PENDING, RUNNING)
 * or, for FAILED, the Job's condition and the tail of its last pod's log.
 */
public record HelmJobStatus(State state, String jobName, String detail) {

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
