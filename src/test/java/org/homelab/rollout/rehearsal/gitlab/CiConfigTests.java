package org.homelab.rollout.rehearsal.gitlab;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@code extends} as GitLab merges it: hidden jobs as templates, one or a list (later
 * entries win, the job's own keys last), hashes merged key by key, lists replaced; what
 * GitLab refuses is refused.
 */
class CiConfigTests {

	@Test
	void theAnsibleProjectsJobsTakeTheTemplatesRunnerTagImageAndScriptsOwnStage() throws Exception {
		CiConfig config = CiConfig.parse(Files.readString(Path.of("deploy/ansible/.gitlab-ci.yml")));
		assertThat(config.jobs()).extracting(CiConfig.Job::name).containsExactly("ansible-lint", "syntax-check");
		assertThat(config.jobs()).allSatisfy(job -> {
			assertThat(job.tags()).containsExactly("general");
			assertThat(job.image()).isEqualTo("python:3.11-slim-bookworm");
			assertThat(job.stage()).isEqualTo("lint");
		});
		assertThat(config.jobs().get(1).script())
			.containsExactly("ansible-playbook --syntax-check -i localhost, site.yml");
	}

	@Test
	void aListOfParentsMergesInOrderHashesDeeplyAndTheJobsOwnKeysWin() throws Exception {
		CiConfig config = CiConfig.parse("""
				.base:
				  image: alpine:3.20
				  tags: [general]
				  variables: {A: base, B: base}
				.gpu:
				  extends: .base
				  tags: [gpu]
				  variables: {B: gpu, C: gpu}
				smoke:
				  extends: [.base, .gpu]
				  variables: {C: own}
				  script: [echo hi]
				plain:
				  extends: .base
				  tags: []
				  script: [echo plain]
				""");
		CiConfig.Job smoke = config.jobs().get(0);
		assertThat(smoke.tags()).as("a list is replaced, not merged").containsExactly("gpu");
		assertThat(smoke.image()).isEqualTo("alpine:3.20");
		assertThat(smoke.variables()).containsAllEntriesOf(Map.of("A", "base", "B", "gpu", "C", "own"));
		assertThat(config.jobs().get(1).tags()).isEmpty();
		assertThat(config.jobs()).extracting(CiConfig.Job::name).containsExactly("smoke", "plain");
	}

	@Test
	void anUnknownOrCircularParentIsRefusedAsGitlabDoes() throws IOException {
		assertThat(refused("job:\n  extends: .missing\n  script: [echo]\n"))
			.isEqualTo("job: unknown keys in `extends` (.missing)");
		assertThat(refused(".a:\n  extends: .b\n.b:\n  extends: .a\njob:\n  extends: .a\n  script: [echo]\n"))
			.isEqualTo("job: circular dependency detected in `extends`");
		// without extends the hidden job's script does not make the job valid
		assertThat(refused(".t:\n  tags: [general]\njob:\n  extends: .t\n"))
			.isEqualTo("jobs:job config should implement a script: or a trigger: keyword");
	}

	private static String refused(String yaml) {
		return catchThrowableOfType(CiConfig.Invalid.class, () -> CiConfig.parse(yaml)).getMessage();
	}

}
