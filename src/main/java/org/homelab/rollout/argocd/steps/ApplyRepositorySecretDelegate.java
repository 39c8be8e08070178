package org.homelab.rollout.argocd.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.kubernetes.KubernetesOperations;
import org.homelab.rollout.kubernetes.ManifestOperations;

import org.springframework.stereotype.Component;

/**
 * The deploy token reaches Argo CD only here: the ExternalSecret of
 * {@link RepositorySecret} in Argo CD's namespace (made by the chart's install). An
 * existing one is converged.
 */
@Component
class ApplyRepositorySecretDelegate implements JavaDelegate {

	private final ArgoCdSteps steps;

	private final KubernetesOperations kubernetes;

	ApplyRepositorySecretDelegate(ArgoCdSteps steps, KubernetesOperations kubernetes) {
		this.steps = steps;
		this.kubernetes = kubernetes;
	}

	@Override
	public void execute(DelegateExecution execution) {
		ManifestOperations.Applied applied = this.kubernetes.opsForManifests()
			.apply(RepositorySecret.externalSecret(this.steps.namespace(), this.steps.repositoryUrl()));
		execution.setVariable(ArgoCdVariables.REPOSITORY_SECRET_CREATED, applied == ManifestOperations.Applied.CREATED);
	}

}
