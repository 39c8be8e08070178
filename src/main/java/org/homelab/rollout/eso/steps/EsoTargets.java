package org.homelab.rollout.eso.steps;

import java.util.Map;

import org.camunda.bpm.engine.delegate.VariableScope;
import org.homelab.rollout.vault.VaultTarget;
import org.homelab.rollout.vault.VaultTargets;

import org.springframework.stereotype.Component;

/**
 * The Vault the operator is connected to, from a run's {@code vaultAddress} and
 * {@code vaultCaFile}.
 */
@Component
class EsoTargets {

	private final VaultTargets targets;

	EsoTargets(VaultTargets targets) {
		this.targets = targets;
	}

	VaultTarget of(VariableScope variables) {
		return this.targets.target((String) variables.getVariable(EsoVariables.VAULT_ADDRESS),
				(String) variables.getVariable(EsoVariables.VAULT_CA_FILE));
	}

	VaultTarget of(Map<String, Object> variables) {
		return this.targets.target((String) variables.get(EsoVariables.VAULT_ADDRESS),
				(String) variables.get(EsoVariables.VAULT_CA_FILE));
	}

}
