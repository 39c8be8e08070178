package org.homelab.rollout.gitlab.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

/**
 * gitlab-remove: deletes from Vault the GitLab secrets this run wrote (the root password
 * if {@code gitlabRootPasswordWritten}, the engine token if
 * {@code gitlabEngineTokenWritten}), every version; an adopted secret stays.
 */
@Component
class ForgetGitlabSecretsDelegate implements JavaDelegate {

	private final GitlabSecrets secrets;

	ForgetGitlabSecretsDelegate(GitlabSecrets secrets) {
		this.secrets = secrets;
	}

	@Override
	public void execute(DelegateExecution execution) {
		if (Boolean.TRUE.equals(execution.getVariable(GitlabVariables.ROOT_PASSWORD_WRITTEN))) {
			this.secrets.delete(this.secrets.rootPassword());
		}
		if (Boolean.TRUE.equals(execution.getVariable(GitlabVariables.ENGINE_TOKEN_WRITTEN))) {
			this.secrets.delete(this.secrets.engineToken());
		}
	}

}
