package org.homelab.rollout.gitlab.steps;

import org.homelab.rollout.gitlab.GitlabTokenSource;

import org.springframework.stereotype.Component;

/**
 * The engine's GitLab token, read from Vault ({@code services/gitlab/engine-token}) at
 * every call and never kept, so a rotated token takes effect at the next call. Null when
 * Vault holds none: the client then stops before sending anything.
 */
@Component("gitlabTokenSource")
class VaultGitlabTokenSource implements GitlabTokenSource {

	private final GitlabSecrets secrets;

	VaultGitlabTokenSource(GitlabSecrets secrets) {
		this.secrets = secrets;
	}

	@Override
	public String token() {
		return this.secrets.readEngineToken();
	}

}
