package org.homelab.rollout.vault.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.vault.EngineAccess;
import org.homelab.rollout.vault.KubernetesAuthConvergence;
import org.homelab.rollout.vault.VaultTarget;

import org.springframework.stereotype.Component;

/**
 * Compensation: disables Kubernetes auth (with its config and roles) if this run enabled
 * it.
 */
@Component
class DisableKubernetesAuthDelegate implements JavaDelegate {

	private final StepTargets targets;

	private final EngineAccess access;

	private final KubernetesAuthConvergence convergence;

	DisableKubernetesAuthDelegate(StepTargets targets, EngineAccess access, KubernetesAuthConvergence convergence) {
		this.targets = targets;
		this.access = access;
		this.convergence = convergence;
	}

	@Override
	public void execute(DelegateExecution execution) {
		if (Boolean.TRUE.equals(execution.getVariable(VaultVariables.KUBERNETES_AUTH_CREATED))) {
			VaultTarget target = this.targets.of(execution);
			this.convergence.disableMethod(target, this.access.engineVault(target));
		}
	}

}
