package org.homelab.rollout.kubernetes.steps;

import java.util.Map;
import java.util.Set;

import org.homelab.rollout.kubernetes.KubernetesException;
import org.homelab.rollout.kubernetes.KubernetesOperations;
import org.homelab.rollout.kubernetes.UninstallStatus;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;

import org.springframework.stereotype.Component;

/**
 * Waits for {@code helm-delete-<release>} to finish and the helm-controller to release
 * the HelmChart.
 */
@Component
class HelmUninstallWait implements WaitCondition {

	static final String TOPIC = "kubernetes-helm-uninstalled";

	private final KubernetesOperations kubernetes;

	HelmUninstallWait(KubernetesOperations kubernetes) {
		this.kubernetes = kubernetes;
	}

	@Override
	public String topic() {
		return TOPIC;
	}

	@Override
	public Set<String> variables() {
		return Set.of(HelmReleaseVariables.RELEASE_NAME);
	}

	@Override
	public Check check(Look look) {
		Map<String, Object> variables = look.variables();
		String release = (String) variables.get(HelmReleaseVariables.RELEASE_NAME);
		UninstallStatus status = this.kubernetes.opsForHelmReleases().uninstallStatus(release);
		return switch (status.state()) {
			case GONE -> Check.done(Map.of());
			case DELETING -> Check.waiting(status.detail());
			case FAILED ->
				throw new KubernetesException("K3s helm-controller could not uninstall Helm release '" + release + "': "
						+ status.detail() + "\nRemove what is left by hand (helm -n <namespace> uninstall " + release
						+ "), then retry this incident.");
		};
	}

}
