package org.homelab.rollout.vault.steps;

import java.util.List;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.vault.EngineAccess;
import org.homelab.rollout.vault.VaultConfigurationCheck;
import org.homelab.rollout.vault.VaultPolicies;
import org.homelab.rollout.vault.VaultTarget;

import org.springframework.stereotype.Component;

/**
 * Reads the configuration back; anything missing is a modelled failure that rolls this
 * run back.
 */
@Component
class VerifyVaultConfigurationDelegate implements JavaDelegate {

	private final StepTargets targets;

	private final EngineAccess access;

	private final VaultConfigurationCheck check;

	VerifyVaultConfigurationDelegate(StepTargets targets, EngineAccess access, VaultConfigurationCheck check) {
		this.targets = targets;
		this.access = access;
		this.check = check;
	}

	@Override
	public void execute(DelegateExecution execution) {
		VaultTarget target = this.targets.of(execution);
		List<String> missing = this.check.missing(target, this.access.engineVault(target), VaultPolicies.ESO_ROLE);
		if (!missing.isEmpty()) {
			throw new BpmnError(VaultVariables.CONFIG_INVALID,
					"Vault at " + target + " lacks " + String.join(", ", missing) + " after configuring it");
		}
	}

}
