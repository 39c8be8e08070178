package org.homelab.rollout.vault.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.vault.EngineAccess;
import org.homelab.rollout.vault.VaultTarget;

import org.springframework.stereotype.Component;

/**
 * Makes sure the engine has its own valid Vault token: renews the stored one, or creates
 * it with the held root token. Without either, or when this run's root token was lost
 * unrevoked, it says how a root token is to be generated again; the model goes that way.
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
		EngineAccess.TokenState state = this.access.ensureEngineToken(target);
		execution.setVariable(VaultVariables.ENGINE_TOKEN_CREATED, state == EngineAccess.TokenState.CREATED);
		String root;
		if (this.access.holdsRootToken(target)) {
			root = RootStates.HELD;
		}
		else if (state == EngineAccess.TokenState.NO_ROOT || RootStates.ownRootUnrevoked(execution)) {
			root = RootStates.recovery(execution);
		}
		else {
			root = RootStates.NONE;
		}
		execution.setVariable(VaultVariables.ROOT_STATE, root);
	}

}
