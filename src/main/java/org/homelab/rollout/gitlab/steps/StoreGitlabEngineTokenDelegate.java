package org.homelab.rollout.gitlab.steps;

import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.gitlab.TokenInfo;

import org.springframework.stereotype.Component;

/**
 * Moves the engine's new token from the hand-over file GitLab wrote (root-only, in root's
 * home) into Vault ({@code services/gitlab/engine-token}, key {@code token}), blanks the
 * file, and proves the token with {@code GET /personal_access_tokens/self}. Vault first:
 * a retry finds the file still there, or Vault holding the token. Sets
 * {@code gitlabEngineTokenWritten} when Vault held no token before this run.
 */
@Component
class StoreGitlabEngineTokenDelegate implements JavaDelegate {

	private final GitlabGuest guest;

	private final GitlabSecrets secrets;

	private final GitlabConnections connections;

	StoreGitlabEngineTokenDelegate(GitlabGuest guest, GitlabSecrets secrets, GitlabConnections connections) {
		this.guest = guest;
		this.secrets = secrets;
		this.connections = connections;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String url = this.connections.defaultUrl();
		Optional<String> issued = this.guest.read(execution, GitlabScripts.TOKEN_HANDOVER)
			.map(String::strip)
			.filter(value -> !value.isEmpty());
		if (issued.isPresent()) {
			this.secrets.storeEngineToken(issued.get());
			this.guest.write(execution, Map.of(GitlabScripts.TOKEN_HANDOVER, ""));
		}
		TokenInfo self = this.connections.operations(url).tokens().self();
		if (!self.active()) {
			throw new IllegalStateException("GitLab at " + url + " says the engine's token '" + self.name()
					+ "' in Vault at " + this.secrets.engineToken() + " is not active: retry from 'Look at the "
					+ "engine's token', which makes a new one.");
		}
		boolean before = Boolean.TRUE.equals(execution.getVariable(GitlabVariables.ENGINE_TOKEN_STORED));
		execution.setVariable(GitlabVariables.ENGINE_TOKEN_WRITTEN, !before);
	}

}
