package org.homelab.rollout.vault.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.vault.EsoConnection;

import org.springframework.stereotype.Component;

/**
 * Undoes eso-connect, only if that run created the store: proof ExternalSecret (its Secret goes with it), store, CA
 * ConfigMap, token-review binding, proof key in Vault. An adopted connection is left alone.
 */
@Component
class DisconnectEsoDelegate implements JavaDelegate {

	private final StepTargets targets;

	private final EsoConnection eso;

	DisconnectEsoDelegate(StepTargets targets, EsoConnection eso) {
		this.targets = targets;
		this.eso = eso;
	}

	@Override
	public void execute(DelegateExecution execution) {
		boolean created = Boolean.TRUE.equals(execution.getVariable(VaultVariables.STORE_CREATED));
		if (created) {
			this.eso.disconnect(this.targets.of(execution));
		}
		execution.setVariable(VaultVariables.STORE_DELETED, created);
	}

}
