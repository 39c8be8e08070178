package org.homelab.rollout.vault.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.vault.SealState;
import org.homelab.rollout.vault.VaultSeal;

import org.springframework.stereotype.Component;

/** Reads sys/seal-status: is this Vault new, sealed, or ready to be adopted? */
@Component
class ReadVaultStatusDelegate implements JavaDelegate {

	private final StepTargets targets;

	private final VaultSeal seal;

	ReadVaultStatusDelegate(StepTargets targets, VaultSeal seal) {
		this.targets = targets;
		this.seal = seal;
	}

	@Override
	public void execute(DelegateExecution execution) {
		SealState state = this.seal.status(this.targets.of(execution));
		execution.setVariable(VaultVariables.PHASE, state.phase().name());
	}

}
