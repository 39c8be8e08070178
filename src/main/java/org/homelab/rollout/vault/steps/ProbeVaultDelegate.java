package org.homelab.rollout.vault.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.vault.VaultSeal;
import org.homelab.rollout.vault.VaultTarget;

import org.springframework.stereotype.Component;

/**
 * Is a Vault of ours already answering at the address? Then vault-install adopts it and
 * installs nothing.
 */
@Component
class ProbeVaultDelegate implements JavaDelegate {

	private final StepTargets targets;

	private final VaultSeal seal;

	ProbeVaultDelegate(StepTargets targets, VaultSeal seal) {
		this.targets = targets;
		this.seal = seal;
	}

	@Override
	public void execute(DelegateExecution execution) {
		VaultTarget target = this.targets.of(execution);
		boolean answers = this.seal.listening(target).isPresent();
		execution.setVariable(VaultVariables.ADOPTED, answers);
		execution.setVariable(VaultVariables.ADDRESS, target.address().toString());
		execution.setVariable(VaultVariables.CA_FILE, (target.caFile() != null) ? target.caFile().toString() : null);
	}

}
