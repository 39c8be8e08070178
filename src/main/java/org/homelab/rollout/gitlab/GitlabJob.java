package org.homelab.rollout.gitlab;

import java.util.List;

/**
 * A job of a pipeline: its stage, status and tags, and the runner that took it (null
 * while none has); {@code failureReason} only for a failed job; {@code pipelineStatus}
 * the status of its pipeline at the same moment (GitLab answers it with each job).
 */
public record GitlabJob(long id, String name, String stage, String status, List<String> tags, Long runnerId,
		String runnerDescription, String failureReason, String pipelineStatus) {

	private static final List<String> FINISHED = List.of("success", "failed", "canceled", "skipped", "manual");

	public boolean finished() {
		return FINISHED.contains(this.status);
	}

	public boolean succeeded() {
		return "success".equals(this.status);
	}

}
