package org.homelab.rollout.vault.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.vault.EngineAccess;
import org.homelab.rollout.vault.VaultTarget;

import org.springframework.stereotype.Component;

/**
 * Makes sure the engine has its own valid Vault token: renews the stored one, or creates
 * it with the held root token.
 */
@Component
class EnsureEngineTokenDelegate implements JavaDelegate {

	private final StepTargets targets;

	private final EngineAccess access;

	EnsureEngineTokenDelegate(StepTargets targets, EngineAccess access) {
		this.targets = targets;
		this.access = access;
	}

	@Override
	public void execute(DelegateExecution execution) {
		VaultTarget target = this.targets.of(execution);
		boolean create = !this.access.renewIfValid(target);
		if (create) {
			this.access.createEngineToken(target);
		}
		execution.setVariable(VaultVariables.ENGINE_TOKEN_CREATED, create);
	}

}
