package org.homelab.rollout.ansible.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

/**
 * Deletes the Vault entries ansible-install's run wrote (the inventory token's secret,
 * the deploy token), after the tokens themselves are gone; those it did not write stay.
 */
@Component
class ForgetAnsibleSecretsDelegate implements JavaDelegate {

	private final AnsibleSteps steps;

	ForgetAnsibleSecretsDelegate(AnsibleSteps steps) {
		this.steps = steps;
	}

	@Override
	public void execute(DelegateExecution execution) {
		if (AnsibleVariables.flag(execution, AnsibleVariables.PROXMOX_TOKEN_WRITTEN)) {
			this.steps.delete(this.steps.proxmoxToken());
		}
		if (AnsibleVariables.flag(execution, AnsibleVariables.DEPLOY_TOKEN_WRITTEN)) {
			this.steps.delete(this.steps.deployToken());
		}
	}

}
