package org.homelab.rollout.argocd.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.kubernetes.KubernetesOperations;

import org.springframework.stereotype.Component;

/**
 * Deletes the repository's ExternalSecret if this run created it (the Secret it owns goes
 * with it, and Argo CD forgets the repository); one adopted is left alone.
 */
@Component
class DeleteRepositorySecretDelegate implements JavaDelegate {

	private final ArgoCdSteps steps;

	private final KubernetesOperations kubernetes;

	DeleteRepositorySecretDelegate(ArgoCdSteps steps, KubernetesOperations kubernetes) {
		this.steps = steps;
		this.kubernetes = kubernetes;
	}

	@Override
	public void execute(DelegateExecution execution) {
		boolean created = Boolean.TRUE.equals(execution.getVariable(ArgoCdVariables.REPOSITORY_SECRET_CREATED));
		if (created) {
			this.kubernetes.opsForManifests()
				.delete(RepositorySecret.externalSecret(this.steps.namespace(), this.steps.repositoryUrl()));
		}
		execution.setVariable(ArgoCdVariables.REPOSITORY_SECRET_DELETED, created);
	}

}
