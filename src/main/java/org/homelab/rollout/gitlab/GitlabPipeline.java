package org.homelab.rollout.gitlab;

import java.util.List;

/**
 * A CI/CD pipeline: its id, ref, commit and status ({@code created}, {@code pending},
 * {@code running}, {@code success}, {@code failed}, {@code canceled}, …).
 */
public record GitlabPipeline(long id, long projectId, String ref, String sha, String status, String webUrl) {

	private static final List<String> FINISHED = List.of("success", "failed", "canceled", "skipped");

	/** Whether GitLab will not move it on by itself any more. */
	public boolean finished() {
		return FINISHED.contains(this.status);
	}

	public boolean succeeded() {
		return "success".equals(this.status);
	}

}
