package org.homelab.rollout.vault.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.vault.EngineAccess;
import org.homelab.rollout.vault.KubernetesAuthConvergence;
import org.homelab.rollout.vault.VaultPolicies;
import org.homelab.rollout.vault.VaultTarget;

import org.springframework.stereotype.Component;

/** Compensation: deletes the ESO role if this run created it. */
@Component
class DeleteEsoRoleDelegate implements JavaDelegate {

	private final StepTargets targets;

	private final EngineAccess access;

	private final KubernetesAuthConvergence convergence;

	DeleteEsoRoleDelegate(StepTargets targets, EngineAccess access, KubernetesAuthConvergence convergence) {
		this.targets = targets;
		this.access = access;
		this.convergence = convergence;
	}

	@Override
	public void execute(DelegateExecution execution) {
		if ("CREATED".equals(execution.getVariable(VaultVariables.ESO_ROLE))) {
			VaultTarget target = this.targets.of(execution);
			this.convergence.deleteRole(target, this.access.engineVault(target), VaultPolicies.ESO_ROLE);
		}
	}

}
