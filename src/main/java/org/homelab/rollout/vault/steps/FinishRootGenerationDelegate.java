package org.homelab.rollout.vault.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.vault.RootRecovery;
import org.homelab.rollout.vault.VaultTarget;

import org.springframework.stereotype.Component;

/**
 * After the holders' task: takes the Encoded Token they entered out of the process at
 * once, and when Vault's attempt is complete decodes it with the kept OTP, ensures the
 * engine token and revokes every root token. Otherwise the holders are asked again, told
 * how many shares are missing (or the new nonce).
 */
@Component
class FinishRootGenerationDelegate implements JavaDelegate {

	private final StepTargets targets;

	private final RootRecovery recovery;

	FinishRootGenerationDelegate(StepTargets targets, RootRecovery recovery) {
		this.targets = targets;
		this.recovery = recovery;
	}

	@Override
	public void execute(DelegateExecution execution) {
		VaultTarget target = this.targets.of(execution);
		String encoded = (String) execution.getVariable(VaultVariables.ENCODED_ROOT_TOKEN);
		execution.removeVariable(VaultVariables.ENCODED_ROOT_TOKEN);
		String nonce = (String) execution.getVariable(VaultVariables.ROOT_GENERATION_NONCE);
		RootRecovery.HoldersResult result = this.recovery.finishWithHolders(target, nonce, encoded);
		execution.setVariable(VaultVariables.ROOT_GENERATED, result.done());
		execution.setVariable(VaultVariables.ROOT_GENERATION_STATUS, result.status());
		if (result.done()) {
			execution.setVariable(VaultVariables.ROOT_TOKEN_REVOKED, true);
			execution.setVariable(VaultVariables.ROOT_STATE, RootStates.NONE);
		}
		else if (!result.nonce().equals(nonce)) {
			execution.setVariable(VaultVariables.ROOT_GENERATION_NONCE, result.nonce());
			execution.setVariable(VaultVariables.ROOT_GENERATION_COMMANDS,
					StartRootGenerationDelegate.commands(target, result.nonce()));
		}
	}

}
