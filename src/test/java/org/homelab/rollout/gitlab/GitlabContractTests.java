package org.homelab.rollout.gitlab;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract check itself can fail: unknown paths and methods are not declared. */
class GitlabContractTests {

	@Test
	void declaredCallsMatchTheirTemplateAndOthersDoNot() {
		assertThat(GitlabContract.declared("GET", "/api/v4/projects/homelab%2Fgitops/repository/files/a%2Fb.yaml"))
			.isEqualTo("/api/v4/projects/{id}/repository/files/{file_path}");
		assertThat(GitlabContract.declared("POST", "/api/v4/user/runners")).isEqualTo("/api/v4/user/runners");
		assertThat(GitlabContract.declared("POST", "/api/v4/version")).isNull();
		assertThat(GitlabContract.declared("GET", "/api/v4/user")).isNull();
		assertThat(GitlabContract.declared("GET", "/api/v4/groups/homelab/nonsense")).isNull();
	}

}
