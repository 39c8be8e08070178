package org.homelab.rollout.vault.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.vault.EsoConnection;

import org.springframework.stereotype.Component;

/** Generates the proof key straight into Vault (kept if it exists); the process gets its path only. */
@Component
class WriteEsoProofDelegate implements JavaDelegate {

	private final StepTargets targets;

	private final EsoConnection eso;

	WriteEsoProofDelegate(StepTargets targets, EsoConnection eso) {
		this.targets = targets;
		this.eso = eso;
	}

	@Override
	public void execute(DelegateExecution execution) {
		execution.setVariable(VaultVariables.PROOF_PATH, this.eso.writeProof(this.targets.of(execution)).toString());
	}

}
