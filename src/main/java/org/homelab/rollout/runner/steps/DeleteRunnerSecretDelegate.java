package org.homelab.rollout.runner.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.kubernetes.KubernetesOperations;

import org.springframework.stereotype.Component;

/**
 * Deletes the runner's ExternalSecret if this run created it (the Secret it owns goes
 * with it); one adopted is left alone, and so is the namespace.
 */
@Component
class DeleteRunnerSecretDelegate implements JavaDelegate {

	private final KubernetesOperations kubernetes;

	DeleteRunnerSecretDelegate(KubernetesOperations kubernetes) {
		this.kubernetes = kubernetes;
	}

	@Override
	public void execute(DelegateExecution execution) {
		boolean created = Boolean.TRUE.equals(execution.getVariable(RunnerVariables.SECRET_CREATED));
		if (created) {
			this.kubernetes.opsForManifests().delete(ApplyRunnerSecretDelegate.externalSecret(Runner.of(execution)));
		}
		execution.setVariable(RunnerVariables.SECRET_DELETED, created);
	}

}
