package org.homelab.rollout.gitlab.steps;

import java.util.List;

import org.homelab.rollout.gitlab.GitlabJob;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the wait says it waits for: how far the pipeline got and who is to move next. */
class PipelineFinishedWaitTests {

	@Test
	void progressNamesDoneJobsTheRunningOnesRunnerAndTheTagsAPendingOneNeeds() {
		List<GitlabJob> jobs = List.of(
				new GitlabJob(3, "general-smoke", "test", "running", List.of("general"), 2L, "k3s-w-2 general", null,
						"running"),
				new GitlabJob(2, "gpu-smoke", "test", "pending", List.of("gpu"), null, null, null, "running"),
				new GitlabJob(1, "build-image", "build", "success", List.of("general"), 2L, "k3s-w-2 general", null,
						"running"));
		assertThat(PipelineFinishedWait.progress(jobs))
			.isEqualTo(": 1 of 3 jobs done; gpu-smoke pending: no online runner with tags [gpu] has taken it yet;"
					+ " general-smoke running on 'k3s-w-2 general'");
		assertThat(PipelineFinishedWait.progress(List.of())).isEmpty();
	}

}
