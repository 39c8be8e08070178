package org.homelab.rollout.runner.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.vault.SecretWriter;

import org.springframework.stereotype.Component;

/**
 * Deletes the runner's token from Vault (all versions) if this run wrote it; absent is
 * fine.
 */
@Component
class DeleteRunnerTokenDelegate implements JavaDelegate {

	private final RunnerSteps steps;

	private final SecretWriter writer;

	DeleteRunnerTokenDelegate(RunnerSteps steps, SecretWriter writer) {
		this.steps = steps;
		this.writer = writer;
	}

	@Override
	public void execute(DelegateExecution execution) {
		boolean stored = Boolean.TRUE.equals(execution.getVariable(RunnerVariables.TOKEN_STORED));
		if (stored) {
			this.writer.delete(this.steps.vault(execution), this.steps.token(Runner.of(execution)));
		}
		execution.setVariable(RunnerVariables.TOKEN_DELETED, stored);
	}

}
