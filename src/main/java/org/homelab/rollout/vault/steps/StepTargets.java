package org.homelab.rollout.vault.steps;

import java.util.Map;

import org.camunda.bpm.engine.delegate.VariableScope;
import org.homelab.rollout.vault.VaultTarget;
import org.homelab.rollout.vault.VaultTargets;

import org.springframework.stereotype.Component;

/**
 * The Vault a process instance works on, from its {@code vaultAddress} and
 * {@code vaultCaFile}.
 */
@Component
class StepTargets {

	private final VaultTargets targets;

	StepTargets(VaultTargets targets) {
		this.targets = targets;
	}

	VaultTarget of(VariableScope variables) {
		return this.targets.target((String) variables.getVariable(VaultVariables.ADDRESS),
				(String) variables.getVariable(VaultVariables.CA_FILE));
	}

	VaultTarget of(Map<String, Object> variables) {
		return this.targets.target((String) variables.get(VaultVariables.ADDRESS),
				(String) variables.get(VaultVariables.CA_FILE));
	}

}
