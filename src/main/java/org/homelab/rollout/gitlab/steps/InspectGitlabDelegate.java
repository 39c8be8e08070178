package org.homelab.rollout.gitlab.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.engine.RolloutRun;

import org.springframework.stereotype.Component;

/**
 * gitlab-install, first look at the VM: {@code gitlabPresent} whether GitLab's package is
 * there, {@code gitlabInstalled} true when this run installs it now or did before (the
 * VM's mark names this run), false when another's GitLab is adopted. Also where the
 * engine reaches GitLab ({@code gitlabUrl}: rollout.gitlab.url, else the inventory's
 * address of the VM; never an input, as the engine sends its token there) and the Vault
 * paths of its secrets; nothing written yet.
 */
@Component
class InspectGitlabDelegate implements JavaDelegate {

	private final GitlabGuest guest;

	private final GitlabConnections connections;

	private final GitlabSecrets secrets;

	InspectGitlabDelegate(GitlabGuest guest, GitlabConnections connections, GitlabSecrets secrets) {
		this.guest = guest;
		this.connections = connections;
		this.secrets = secrets;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String run = RolloutRun.of(execution);
		boolean present = this.guest.read(execution, GitlabScripts.PACKAGE_MARKER).isPresent();
		boolean ours = this.guest.read(execution, GitlabScripts.RUN_MARK)
			.map(String::strip)
			.filter(run::equals)
			.isPresent();
		execution.setVariable(RolloutRun.VARIABLE, run);
		execution.setVariable(GitlabVariables.PRESENT, present);
		execution.setVariable(GitlabVariables.INSTALLED, !present || ours);
		// never from an input: the engine sends its token there
		execution.setVariable(GitlabVariables.URL, this.connections.defaultUrl());
		execution.setVariable(GitlabVariables.ROOT_PASSWORD_PATH, this.secrets.rootPassword().toString());
		execution.setVariable(GitlabVariables.ENGINE_TOKEN_PATH, this.secrets.engineToken().toString());
		execution.setVariable(GitlabVariables.ROOT_PASSWORD_WRITTEN, false);
		execution.setVariable(GitlabVariables.ENGINE_TOKEN_WRITTEN, false);
	}

}
