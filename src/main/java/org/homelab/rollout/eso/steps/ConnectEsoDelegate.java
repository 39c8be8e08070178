package org.homelab.rollout.eso.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.eso.EsoConnection;

import org.springframework.stereotype.Component;

/**
 * Applies the ClusterSecretStore (with Vault's CA and the token-review binding); an
 * existing one is converged.
 */
@Component
class ConnectEsoDelegate implements JavaDelegate {

	private final EsoTargets targets;

	private final EsoConnection eso;

	ConnectEsoDelegate(EsoTargets targets, EsoConnection eso) {
		this.targets = targets;
		this.eso = eso;
	}

	@Override
	public void execute(DelegateExecution execution) {
		execution.setVariable(EsoVariables.STORE_CREATED, this.eso.connect(this.targets.of(execution)));
	}

}
