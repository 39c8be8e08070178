package org.homelab.rollout.gitlab.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

/**
 * GitLab's initial root password, generated straight into Vault
 * ({@code services/gitlab/root-password}, key {@code password}) unless Vault holds one
 * (then that one is used: a re-run never makes a second).
 * {@code gitlabRootPasswordWritten} says whether this run wrote it, so only then does the
 * undo delete it.
 */
@Component
class GenerateGitlabRootPasswordDelegate implements JavaDelegate {

	private final GitlabSecrets secrets;

	GenerateGitlabRootPasswordDelegate(GitlabSecrets secrets) {
		this.secrets = secrets;
	}

	@Override
	public void execute(DelegateExecution execution) {
		execution.setVariable(GitlabVariables.ROOT_PASSWORD_PATH, this.secrets.rootPassword().toString());
		execution.setVariable(GitlabVariables.ROOT_PASSWORD_WRITTEN, this.secrets.generateRootPassword());
	}

}
