package org.homelab.rollout.vault.steps;

import java.nio.file.Path;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.vault.RootRecovery;

import org.springframework.stereotype.Component;

/**
 * A restart lost the root token while the plain shares file is still on the engine's
 * host: generates a root token with its shares, ensures the engine token, revokes every
 * root token. The root token and the OTP never leave this step's memory.
 */
@Component
class RecoverRootWithSharesDelegate implements JavaDelegate {

	private final StepTargets targets;

	private final RootRecovery recovery;

	RecoverRootWithSharesDelegate(StepTargets targets, RootRecovery recovery) {
		this.targets = targets;
		this.recovery = recovery;
	}

	@Override
	public void execute(DelegateExecution execution) {
		Path file = Path.of((String) execution.getVariable(VaultVariables.SHARES_FILE));
		this.recovery.recoverWithShares(this.targets.of(execution), file);
		execution.setVariable(VaultVariables.ROOT_TOKEN_REVOKED, true);
		execution.setVariable(VaultVariables.ROOT_STATE, RootStates.NONE);
	}

}
