package org.homelab.rollout.backup.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

/**
 * The engine's PBS password, generated straight into Vault
 * ({@code services/proxmox-backup/engine-password}, key {@code password}) unless Vault
 * holds one (a re-run never makes a second). {@code pbsEnginePasswordWritten}: whether
 * this run wrote it, so only then does the undo delete it.
 */
@Component
class GeneratePbsEnginePasswordDelegate implements JavaDelegate {

	private final PbsSteps steps;

	GeneratePbsEnginePasswordDelegate(PbsSteps steps) {
		this.steps = steps;
	}

	@Override
	public void execute(DelegateExecution execution) {
		if (this.steps.generateEnginePassword()) {
			execution.setVariable(PbsVariables.ENGINE_PASSWORD_WRITTEN, true);
		}
	}

}
