package org.homelab.rollout.vault.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.vault.EsoConnection;

import org.springframework.stereotype.Component;

/** Applies the ClusterSecretStore (with Vault's CA and the token-review binding); an existing one is converged. */
@Component
class ConnectEsoDelegate implements JavaDelegate {

	private final StepTargets targets;

	private final EsoConnection eso;

	ConnectEsoDelegate(StepTargets targets, EsoConnection eso) {
		this.targets = targets;
		this.eso = eso;
	}

	@Override
	public void execute(DelegateExecution execution) {
		execution.setVariable(VaultVariables.STORE_CREATED, this.eso.connect(this.targets.of(execution)));
	}

}
