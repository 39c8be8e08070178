package org.homelab.rollout.rehearsal.gitlab;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a runner manager's metrics listener reports of its polls: one request_job a poll,
 * 204 while GitLab has no job for it, 201 for each job GitLab handed its runner since the
 * last poll (then 204 again), the jobs it runs as {@code gitlab_runner_jobs}; a manager
 * whose token GitLab does not know is not counted as known (the heartbeat counts it 403).
 */
class RunnerMetricsTests {

	@Test
	void pollsAreCountedByGitlabsAnswer() {
		GitlabState state = new GitlabState();
		String digest = GitlabState.digest("glrt-manager-token");
		GitlabState.Runner runner = new GitlabState.Runner(7, "instance_type", "gitlab-runner-gpu", List.of("gpu"),
				digest, null);
		state.runners.put(7, runner);
		RunnerMetrics metrics = new RunnerMetrics();
		Map<String, String> managers = Map.of(digest, "k3s-w-1", GitlabState.digest("glrt-unknown"), "k3s-w-2");

		assertThat(RunnerHeartbeat.count(state, managers, metrics)).containsExactly(digest);
		assertThat(RunnerHeartbeat.count(state, managers, metrics)).containsExactly(digest);
		assertThat(metrics.render(digest, 2)).contains("status=\"204\",system_id=\"r_")
			.contains("\"} 2\n")
			.doesNotContain("status=\"201\"")
			.contains("gitlab_runner_concurrent 2\n", "gitlab_runner_version_info{", "version=\"18.9.0\"");

		CiState.Pipeline pipeline = new CiState.Pipeline(1, 1, 1, "main", "0123456789abcdef", Instant.now(),
				List.of("test"));
		CiState.Job job = new CiState.Job(11, pipeline, null, Instant.now());
		job.runner = runner;
		job.status = "running";
		pipeline.jobs.add(job);
		state.ci.pipelines.put(1, pipeline);
		RunnerHeartbeat.count(state, managers, metrics);
		RunnerHeartbeat.count(state, managers, metrics);

		String text = metrics.render(digest, 2);
		assertThat(text).containsPattern("request_job\",runner=\"\\w{8}\",status=\"201\",system_id=\"r_\\w{12}\"} 1\n")
			.containsPattern("status=\"204\",system_id=\"r_\\w{12}\"} 3\n")
			.containsPattern("gitlab_runner_jobs\\{executor_stage=\"\",runner=\"\\w{8}\",stage=\"\",state=\"running\","
					+ "system_id=\"r_\\w{12}\"} 1\n");
		assertThat(text).doesNotContain("glrt-");
	}

}
