package org.homelab.rollout.vault.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.vault.VaultBootstrap;

import org.springframework.stereotype.Component;

/** Unseals with the shares the engine holds in memory since it initialised this Vault. */
@Component
class UnsealVaultDelegate implements JavaDelegate {

	private final StepTargets targets;

	private final VaultBootstrap bootstrap;

	UnsealVaultDelegate(StepTargets targets, VaultBootstrap bootstrap) {
		this.targets = targets;
		this.bootstrap = bootstrap;
	}

	@Override
	public void execute(DelegateExecution execution) {
		this.bootstrap.unsealWithHeldShares(this.targets.of(execution));
	}

}
