package org.homelab.rollout.vault.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.vault.EngineAccess;

import org.springframework.stereotype.Component;

/**
 * Revokes the root token as soon as the engine has its own; nobody holds root afterwards.
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
		this.access.revokeRootToken(this.targets.of(execution));
		execution.setVariable(VaultVariables.ROOT_TOKEN_REVOKED, true);
	}

}
