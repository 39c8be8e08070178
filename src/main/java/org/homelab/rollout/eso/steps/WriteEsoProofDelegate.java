package org.homelab.rollout.eso.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.eso.EsoConnection;

import org.springframework.stereotype.Component;

/**
 * Generates the proof key straight into Vault (kept if it exists); the process gets its
 * path only.
 */
@Component
class WriteEsoProofDelegate implements JavaDelegate {

	private final EsoTargets targets;

	private final EsoConnection eso;

	WriteEsoProofDelegate(EsoTargets targets, EsoConnection eso) {
		this.targets = targets;
		this.eso = eso;
	}

	@Override
	public void execute(DelegateExecution execution) {
		execution.setVariable(EsoVariables.PROOF_PATH, this.eso.writeProof(this.targets.of(execution)).toString());
	}

}
