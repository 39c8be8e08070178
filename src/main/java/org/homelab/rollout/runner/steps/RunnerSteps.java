package org.homelab.rollout.runner.steps;

import java.util.Map;

import org.camunda.bpm.engine.delegate.VariableScope;
import org.homelab.rollout.gitlab.GitlabOperations;
import org.homelab.rollout.vault.SecretReference;
import org.homelab.rollout.vault.VaultProperties;
import org.homelab.rollout.vault.VaultTarget;
import org.homelab.rollout.vault.VaultTargets;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * What the runner steps share: the GitLab client (the application's
 * {@link GitlabOperations} bean, looked up at call time: it reads the engine's token from
 * Vault at each call), the Vault the token goes to, and the token's reference.
 */
@Component
class RunnerSteps {

	private final ObjectProvider<GitlabOperations> gitlab;

	private final VaultTargets targets;

	private final VaultProperties vault;

	RunnerSteps(ObjectProvider<GitlabOperations> gitlab, VaultTargets targets, VaultProperties vault) {
		this.gitlab = gitlab;
		this.targets = targets;
		this.vault = vault;
	}

	GitlabOperations gitlab() {
		GitlabOperations operations = this.gitlab.getIfAvailable();
		if (operations == null) {
			throw new IllegalStateException("No GitLab client in this engine (a GitlabOperations bean, made from "
					+ "GitLab's address and the engine's token in Vault at services/gitlab/engine-token): "
					+ "configure GitLab CE (Phase 2.1) first, then retry.");
		}
		return operations;
	}

	VaultTarget vault(VariableScope variables) {
		return this.targets.target((String) variables.getVariable(RunnerVariables.VAULT_ADDRESS),
				(String) variables.getVariable(RunnerVariables.VAULT_CA_FILE));
	}

	VaultTarget vault(Map<String, Object> variables) {
		return this.targets.target((String) variables.get(RunnerVariables.VAULT_ADDRESS),
				(String) variables.get(RunnerVariables.VAULT_CA_FILE));
	}

	SecretReference token(Runner runner) {
		return new SecretReference(this.vault.kvMount(), runner.vaultPath());
	}

}
