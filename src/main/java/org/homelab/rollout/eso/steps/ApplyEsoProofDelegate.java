package org.homelab.rollout.eso.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.eso.EsoConnection;

import org.springframework.stereotype.Component;

/**
 * Applies the ExternalSecret that materialises the proof key as the Secret
 * {@code vault-proof}.
 */
@Component
class ApplyEsoProofDelegate implements JavaDelegate {

	private final EsoConnection eso;

	ApplyEsoProofDelegate(EsoConnection eso) {
		this.eso = eso;
	}

	@Override
	public void execute(DelegateExecution execution) {
		this.eso.applyProof();
	}

}
