package org.homelab.rollout.vault.steps;

import java.nio.file.Path;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.vault.VaultBootstrap;

import org.springframework.stereotype.Component;

/**
 * Unseals with the shares the engine holds in memory since it initialised this Vault, or
 * after a restart with those of the plain shares file.
 */
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
		String file = (String) execution.getVariable(VaultVariables.SHARES_FILE);
		this.bootstrap.unseal(this.targets.of(execution), (file != null) ? Path.of(file) : null);
	}

}
