package org.homelab.rollout.vault.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.vault.VaultSeal;

import org.springframework.stereotype.Component;

/** After the operator unsealed Vault with their own tools: does sys/seal-status agree? */
@Component
class CheckVaultSealDelegate implements JavaDelegate {

	private final StepTargets targets;

	private final VaultSeal seal;

	CheckVaultSealDelegate(StepTargets targets, VaultSeal seal) {
		this.targets = targets;
		this.seal = seal;
	}

	@Override
	public void execute(DelegateExecution execution) {
		execution.setVariable(VaultVariables.SEALED, this.seal.status(this.targets.of(execution)).sealed());
	}

}
