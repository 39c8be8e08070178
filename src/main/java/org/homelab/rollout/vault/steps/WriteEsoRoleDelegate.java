package org.homelab.rollout.vault.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.vault.EngineAccess;
import org.homelab.rollout.vault.KubernetesAuthConvergence;
import org.homelab.rollout.vault.Outcome;
import org.homelab.rollout.vault.VaultPolicies;
import org.homelab.rollout.vault.VaultTarget;

import org.springframework.stereotype.Component;

/**
 * Writes the External Secrets Operator's Kubernetes auth role, bound to its service
 * account.
 */
@Component
class WriteEsoRoleDelegate implements JavaDelegate {

	private final StepTargets targets;

	private final EngineAccess access;

	private final KubernetesAuthConvergence convergence;

	private final VaultPolicies policies;

	WriteEsoRoleDelegate(StepTargets targets, EngineAccess access, KubernetesAuthConvergence convergence,
			VaultPolicies policies) {
		this.targets = targets;
		this.access = access;
		this.convergence = convergence;
		this.policies = policies;
	}

	@Override
	public void execute(DelegateExecution execution) {
		VaultTarget target = this.targets.of(execution);
		Outcome outcome = this.convergence.ensureRole(target, this.access.engineVault(target), this.policies.esoRole());
		execution.setVariable(VaultVariables.ESO_ROLE, outcome.name());
	}

}
