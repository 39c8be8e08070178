package org.homelab.rollout.kubernetes.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.kubernetes.KubernetesOperations;

import org.springframework.stereotype.Component;

/**
 * Deletes the release's HelmChart; K3s's helm-controller then uninstalls it (awaited by
 * the next step).
 */
@Component
class UninstallHelmReleaseDelegate implements JavaDelegate {

	private final KubernetesOperations kubernetes;

	UninstallHelmReleaseDelegate(KubernetesOperations kubernetes) {
		this.kubernetes = kubernetes;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String release = (String) execution.getVariable(HelmReleaseVariables.RELEASE_NAME);
		boolean deleted = this.kubernetes.opsForHelmReleases().deleteChart(release);
		execution.setVariable(HelmReleaseVariables.RELEASE_UNINSTALLED, deleted);
	}

}
