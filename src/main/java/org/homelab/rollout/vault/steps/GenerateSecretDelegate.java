package org.homelab.rollout.vault.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.vault.GeneratedSecrets;
import org.homelab.rollout.vault.SecretKind;
import org.homelab.rollout.vault.SecretReference;
import org.homelab.rollout.vault.VaultTarget;

import org.springframework.stereotype.Component;

/**
 * Generates a secret for a service straight into Vault; the process gets its path, never
 * its value.
 */
@Component
class GenerateSecretDelegate implements JavaDelegate {

	private final StepTargets targets;

	private final GeneratedSecrets secrets;

	GenerateSecretDelegate(StepTargets targets, GeneratedSecrets secrets) {
		this.targets = targets;
		this.secrets = secrets;
	}

	@Override
	public void execute(DelegateExecution execution) {
		VaultTarget target = this.targets.of(execution);
		Object kind = execution.getVariable(VaultVariables.SECRET_KIND);
		SecretReference reference = this.secrets.generate(target,
				(String) execution.getVariable(VaultVariables.SECRET_SERVICE),
				(String) execution.getVariable(VaultVariables.SECRET_NAME),
				(kind == null) ? SecretKind.PASSWORD : SecretKind.valueOf(kind.toString()));
		execution.setVariable(VaultVariables.SECRET_PATH, reference.toString());
	}

}
