package org.homelab.rollout.eso.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.eso.EsoConnection;

import org.springframework.stereotype.Component;

/**
 * Undoes eso-connect, only if that run created the store: proof ExternalSecret (its
 * Secret goes with it), store, CA ConfigMap, token-review binding, proof key in Vault. An
 * adopted connection is left alone.
 */
@Component
class DisconnectEsoDelegate implements JavaDelegate {

	private final EsoTargets targets;

	private final EsoConnection eso;

	DisconnectEsoDelegate(EsoTargets targets, EsoConnection eso) {
		this.targets = targets;
		this.eso = eso;
	}

	@Override
	public void execute(DelegateExecution execution) {
		boolean created = Boolean.TRUE.equals(execution.getVariable(EsoVariables.STORE_CREATED));
		if (created) {
			this.eso.disconnect(this.targets.of(execution));
		}
		execution.setVariable(EsoVariables.STORE_DELETED, created);
	}

}
