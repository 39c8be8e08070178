package org.homelab.rollout.gitlab.steps;

import java.time.LocalDate;
import java.time.ZoneOffset;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.gitlab.IssuedToken;

import org.springframework.stereotype.Component;

/**
 * Replaces the engine's GitLab token ({@code POST /personal_access_tokens/self/rotate}):
 * the old one stops working at once, so the new value goes into Vault before anything
 * else, and never into a variable. Sets {@code gitlabEngineTokenExpiresAt}.
 */
@Component
class RotateGitlabTokenDelegate implements JavaDelegate {

	private final GitlabConnections connections;

	private final GitlabSecrets secrets;

	private final GitlabStepProperties properties;

	RotateGitlabTokenDelegate(GitlabConnections connections, GitlabSecrets secrets, GitlabStepProperties properties) {
		this.connections = connections;
		this.secrets = secrets;
		this.properties = properties;
	}

	@Override
	public void execute(DelegateExecution execution) {
		// never from an input: the engine sends its token there
		String url = this.connections.defaultUrl();
		String expires = LocalDate.now(ZoneOffset.UTC)
			.plusDays(this.properties.engineTokenLifetime().toDays())
			.toString();
		IssuedToken rotated = this.connections.operations(url).tokens().rotateSelf(expires);
		try {
			this.secrets.storeEngineToken(rotated.value());
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("GitLab at " + url + " rotated the engine's token, but Vault did not take "
					+ "the new one at " + this.secrets.engineToken() + " (" + ex.getMessage() + "); the old one no "
					+ "longer works. Run gitlab-install again: it makes a new token when Vault's no longer works.", ex);
		}
		execution.setVariable(GitlabVariables.URL, url);
		execution.setVariable(GitlabVariables.ENGINE_TOKEN_EXPIRES, rotated.expiresAt());
	}

}
