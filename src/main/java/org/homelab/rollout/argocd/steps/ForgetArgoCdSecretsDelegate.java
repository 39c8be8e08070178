package org.homelab.rollout.argocd.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.vault.SecretWriter;
import org.homelab.rollout.vault.VaultTarget;

import org.springframework.stereotype.Component;

/**
 * Deletes the Vault entries this run wrote (all versions; absent is fine): the deploy
 * token's, and the admin password's only when this run also uninstalled the release. An
 * Argo CD that stays (adopted) keeps the password it now runs with: deleting it would
 * lock everyone out, the initial Secret being gone.
 */
@Component
class ForgetArgoCdSecretsDelegate implements JavaDelegate {

	private final ArgoCdSteps steps;

	private final SecretWriter writer;

	ForgetArgoCdSecretsDelegate(ArgoCdSteps steps, SecretWriter writer) {
		this.steps = steps;
		this.writer = writer;
	}

	@Override
	public void execute(DelegateExecution execution) {
		VaultTarget vault = this.steps.vault(execution);
		boolean token = Boolean.TRUE.equals(execution.getVariable(ArgoCdVariables.DEPLOY_TOKEN_STORED));
		if (token) {
			this.writer.delete(vault, this.steps.deployToken());
		}
		boolean password = Boolean.TRUE.equals(execution.getVariable(ArgoCdVariables.ADMIN_PASSWORD_STORED))
				&& Boolean.TRUE.equals(execution.getVariable(ArgoCdVariables.RELEASE_UNINSTALLED));
		if (password) {
			this.writer.delete(vault, this.steps.adminPassword());
		}
		execution.setVariable(ArgoCdVariables.DEPLOY_TOKEN_DELETED, token);
		execution.setVariable(ArgoCdVariables.ADMIN_PASSWORD_DELETED, password);
	}

}
