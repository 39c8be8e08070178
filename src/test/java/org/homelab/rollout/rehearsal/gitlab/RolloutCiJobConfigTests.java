package org.homelab.rollout.rehearsal.gitlab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.homelab.rollout.support.Tool;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ready-made GitLab CI job (deploy/gitlab/rollout.gitlab-ci.yml) is a configuration
 * GitLab accepts, as the lab's GitLab reads it, and clean YAML by yamllint's rules; its
 * script is deploy/gitlab/rollout-start.sh (run against the engine by
 * RolloutCiJobIntegrationTests) and the CI user's password comes from the project's CI/CD
 * variables, never from the file.
 */
class RolloutCiJobConfigTests {

	private static final Path JOB = Path.of("deploy/gitlab/rollout.gitlab-ci.yml");

	@Test
	void gitlabAcceptsTheJobWhichRunsTheScriptForPhase1ByDefault() throws Exception {
		String text = Files.readString(JOB);
		CiConfig config = CiConfig.parse(text);

		assertThat(config.jobs()).extracting(CiConfig.Job::name).containsExactly("rollout-start");
		CiConfig.Job job = config.jobs().get(0);
		assertThat(job.stage()).isEqualTo("deploy");
		assertThat(job.tags()).containsExactly("general");
		assertThat(job.image()).startsWith("curlimages/curl:");
		assertThat(job.script()).containsExactly("sh deploy/gitlab/rollout-start.sh");
		assertThat(Path.of("deploy/gitlab/rollout-start.sh")).isRegularFile();
		assertThat(job.variables()).containsEntry("ROLLOUT_PROCESS_KEY", "phase-1-foundation")
			.containsEntry("ROLLOUT_RUN", "ci-$CI_PIPELINE_ID")
			.doesNotContainKey("ROLLOUT_CI_PASSWORD");
		assertThat(text).doesNotContainIgnoringCase("password:");
	}

	@Test
	void theJobIsCleanYaml() throws Exception {
		Tool.YAMLLINT.require("the GitLab CI job's YAML against yamllint is");
		Process process = new ProcessBuilder(List.of("yamllint", "--strict", "-d",
				"{extends: default, rules: {document-start: disable, line-length: {max: 120}}}", JOB.toString()))
			.redirectErrorStream(true)
			.start();
		String output = new String(process.getInputStream().readAllBytes());
		assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
		assertThat(process.exitValue()).as(output).isZero();
	}

}
