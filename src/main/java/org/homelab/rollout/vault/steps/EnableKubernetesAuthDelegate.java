package org.homelab.rollout.vault.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.kubernetes.ApiServer;
import org.homelab.rollout.kubernetes.KubernetesOperations;
import org.homelab.rollout.vault.EngineAccess;
import org.homelab.rollout.vault.KubernetesApi;
import org.homelab.rollout.vault.KubernetesAuthConvergence;
import org.homelab.rollout.vault.Outcome;
import org.homelab.rollout.vault.VaultTarget;

import org.springframework.stereotype.Component;
import org.springframework.vault.core.VaultOperations;

/**
 * Enables Kubernetes auth and points it at the K3s API server, as the rollout's own
 * Kubernetes client reaches it.
 */
@Component
class EnableKubernetesAuthDelegate implements JavaDelegate {

	private final StepTargets targets;

	private final EngineAccess access;

	private final KubernetesAuthConvergence convergence;

	private final KubernetesOperations kubernetes;

	EnableKubernetesAuthDelegate(StepTargets targets, EngineAccess access, KubernetesAuthConvergence convergence,
			KubernetesOperations kubernetes) {
		this.targets = targets;
		this.access = access;
		this.convergence = convergence;
		this.kubernetes = kubernetes;
	}

	@Override
	public void execute(DelegateExecution execution) {
		VaultTarget target = this.targets.of(execution);
		VaultOperations vault = this.access.engineVault(target);
		Outcome method = this.convergence.ensureMethod(target, vault);
		ApiServer k3s = this.kubernetes.apiServer();
		Outcome config = this.convergence.ensureConfig(target, vault, new KubernetesApi(k3s.url(), k3s.caCertPem()));
		execution.setVariable(VaultVariables.KUBERNETES_AUTH_CREATED, method == Outcome.CREATED);
		execution.setVariable(VaultVariables.KUBERNETES_CONFIG, config.name());
	}

}
