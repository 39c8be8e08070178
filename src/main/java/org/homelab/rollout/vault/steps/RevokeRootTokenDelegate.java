package org.homelab.rollout.vault.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.vault.EngineAccess;
import org.homelab.rollout.vault.VaultTarget;

import org.springframework.stereotype.Component;

/**
 * Revokes the root token as soon as the engine has its own; nobody holds root afterwards.
 * When a restart lost it in between, it is still valid in Vault: the model then generates
 * one again, which revokes it.
 */
@Component
class RevokeRootTokenDelegate implements JavaDelegate {

	private final StepTargets targets;

	private final EngineAccess access;

	RevokeRootTokenDelegate(StepTargets targets, EngineAccess access) {
		this.targets = targets;
		this.access = access;
	}

	@Override
	public void execute(DelegateExecution execution) {
		VaultTarget target = this.targets.of(execution);
		if (!this.access.holdsRootToken(target)) {
			execution.setVariable(VaultVariables.ROOT_TOKEN_REVOKED, false);
			execution.setVariable(VaultVariables.ROOT_STATE, RootStates.recovery(execution));
			return;
		}
		this.access.revokeRootToken(target);
		execution.setVariable(VaultVariables.ROOT_TOKEN_REVOKED, true);
		execution.setVariable(VaultVariables.ROOT_STATE, RootStates.NONE);
	}

}
