package org.homelab.rollout.backup.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

/**
 * pbs-remove's last step: the Vault entries pbs-install's run wrote (the engine's
 * password, PVE's and the exporter's tokens), and no other.
 */
@Component
class ForgetPbsSecretsDelegate implements JavaDelegate {

	private final PbsSteps steps;

	ForgetPbsSecretsDelegate(PbsSteps steps) {
		this.steps = steps;
	}

	@Override
	public void execute(DelegateExecution execution) {
		if (RemovePbsConfigurationDelegate.yes(execution, PbsVariables.PVE_TOKEN_WRITTEN)) {
			this.steps.delete(this.steps.pveToken());
		}
		if (RemovePbsConfigurationDelegate.yes(execution, PbsVariables.EXPORTER_TOKEN_WRITTEN)) {
			this.steps.delete(this.steps.exporterToken());
		}
		if (RemovePbsConfigurationDelegate.yes(execution, PbsVariables.ENGINE_PASSWORD_WRITTEN)) {
			this.steps.delete(this.steps.enginePassword());
		}
	}

}
