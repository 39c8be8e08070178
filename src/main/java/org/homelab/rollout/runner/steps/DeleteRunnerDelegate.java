package org.homelab.rollout.runner.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

/**
 * Deletes the runner in GitLab ({@code DELETE /runners/:id}) if this run created it; its
 * token stops working. Gone already is fine; an adopted runner is left alone.
 */
@Component
class DeleteRunnerDelegate implements JavaDelegate {

	private final RunnerSteps steps;

	DeleteRunnerDelegate(RunnerSteps steps) {
		this.steps = steps;
	}

	@Override
	public void execute(DelegateExecution execution) {
		Object id = execution.getVariable(RunnerVariables.RUNNER_ID);
		boolean delete = Boolean.TRUE.equals(execution.getVariable(RunnerVariables.RUNNER_CREATED))
				&& id instanceof Number;
		if (delete) {
			Runner.of(execution);
			this.steps.gitlab().runners().delete(((Number) id).longValue());
		}
		execution.setVariable(RunnerVariables.RUNNER_DELETED, delete);
	}

}
