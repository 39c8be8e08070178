package org.homelab.rollout.vault.steps;

import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.vault.EngineAccess;
import org.homelab.rollout.vault.PolicyConvergence;
import org.homelab.rollout.vault.VaultTarget;

import org.springframework.stereotype.Component;

/**
 * Compensation: deletes the policies this run created (updated ones stay: their old text
 * is gone).
 */
@Component
class DeletePoliciesDelegate implements JavaDelegate {

	private final StepTargets targets;

	private final EngineAccess access;

	private final PolicyConvergence convergence;

	DeletePoliciesDelegate(StepTargets targets, EngineAccess access, PolicyConvergence convergence) {
		this.targets = targets;
		this.access = access;
		this.convergence = convergence;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String created = (String) execution.getVariable(VaultVariables.POLICIES_CREATED);
		if (created != null && !created.isBlank()) {
			VaultTarget target = this.targets.of(execution);
			this.convergence.delete(target, this.access.engineVault(target), List.of(created.split(",")));
		}
	}

}
