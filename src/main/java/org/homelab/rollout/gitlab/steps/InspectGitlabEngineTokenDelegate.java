package org.homelab.rollout.gitlab.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.gitlab.GitlabApiException;
import org.homelab.rollout.gitlab.TokenInfo;

import org.springframework.stereotype.Component;

/**
 * Whether Vault holds an engine token GitLab accepts ({@code gitlabEngineTokenValid}):
 * then none is created. {@code gitlabEngineTokenStored} whether Vault held one at all, so
 * a replacement for a revoked or expired token is not this run's to delete on undo.
 */
@Component
class InspectGitlabEngineTokenDelegate implements JavaDelegate {

	private final GitlabSecrets secrets;

	private final GitlabConnections connections;

	InspectGitlabEngineTokenDelegate(GitlabSecrets secrets, GitlabConnections connections) {
		this.secrets = secrets;
		this.connections = connections;
	}

	@Override
	public void execute(DelegateExecution execution) {
		boolean stored = this.secrets.engineTokenStored();
		execution.setVariable(GitlabVariables.ENGINE_TOKEN_PATH, this.secrets.engineToken().toString());
		execution.setVariable(GitlabVariables.ENGINE_TOKEN_STORED, stored);
		execution.setVariable(GitlabVariables.ENGINE_TOKEN_VALID, stored && works(this.connections.defaultUrl()));
	}

	private boolean works(String url) {
		if (this.secrets.readEngineToken() == null) {
			return false;
		}
		try {
			TokenInfo self = this.connections.operations(url).tokens().self();
			return self.active();
		}
		catch (GitlabApiException ex) {
			if (ex.status() == 401) {
				// revoked, expired or of another GitLab: a new one is made
				return false;
			}
			throw ex;
		}
	}

}
