package org.homelab.rollout.vault.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.vault.EngineAccess;
import org.homelab.rollout.vault.PolicyConvergence;
import org.homelab.rollout.vault.VaultPolicies;
import org.homelab.rollout.vault.VaultTarget;

import org.springframework.stereotype.Component;

/** Writes the per-service and ESO policies where they differ from what is stored. */
@Component
class WritePoliciesDelegate implements JavaDelegate {

	private final StepTargets targets;

	private final EngineAccess access;

	private final VaultPolicies policies;

	private final PolicyConvergence convergence;

	WritePoliciesDelegate(StepTargets targets, EngineAccess access, VaultPolicies policies,
			PolicyConvergence convergence) {
		this.targets = targets;
		this.access = access;
		this.policies = policies;
		this.convergence = convergence;
	}

	@Override
	public void execute(DelegateExecution execution) {
		VaultTarget target = this.targets.of(execution);
		PolicyConvergence.Result result = this.convergence.converge(target, this.access.engineVault(target),
				this.policies.services());
		execution.setVariable(VaultVariables.POLICIES_CREATED, String.join(",", result.created()));
		execution.setVariable(VaultVariables.POLICIES_UPDATED, String.join(",", result.updated()));
	}

}
