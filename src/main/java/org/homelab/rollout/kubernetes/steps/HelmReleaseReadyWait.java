package org.homelab.rollout.kubernetes.steps;

import java.util.Map;
import java.util.Set;

import org.homelab.rollout.kubernetes.KubernetesOperations;
import org.homelab.rollout.kubernetes.ReleaseHealth;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;

import org.springframework.stereotype.Component;

/**
 * Waits for the release's Deployments and DaemonSets to be ready on the node its
 * placement names. Pods running on another node are an incident: the values did not place
 * the release as the plan says.
 */
@Component
class HelmReleaseReadyWait implements WaitCondition {

	static final String TOPIC = "kubernetes-helm-release-ready";

	private final KubernetesOperations kubernetes;

	HelmReleaseReadyWait(KubernetesOperations kubernetes) {
		this.kubernetes = kubernetes;
	}

	@Override
	public String topic() {
		return TOPIC;
	}

	@Override
	public Set<String> variables() {
		return Set.of(HelmReleaseVariables.RELEASE_NAME, HelmReleaseVariables.RELEASE_NAMESPACE,
				HelmReleaseVariables.RELEASE_NODE, HelmReleaseVariables.VALUES_REF);
	}

	/** Each release is a kind of its own: charts take their own time. */
	@Override
	public String kind(Look look) {
		String release = look.optional(HelmReleaseVariables.RELEASE_NAME, String.class);
		return (release != null) ? release : "";
	}

	@Override
	public Check check(Look look) {
		Map<String, Object> variables = look.variables();
		String release = (String) variables.get(HelmReleaseVariables.RELEASE_NAME);
		String namespace = (String) variables.get(HelmReleaseVariables.RELEASE_NAMESPACE);
		String node = (String) variables.get(HelmReleaseVariables.RELEASE_NODE);
		ReleaseHealth health = this.kubernetes.opsForHelmReleases().health(release, namespace, node);
		return switch (health.state()) {
			case READY -> Check.done(Map.of(HelmReleaseVariables.RELEASE_NODES, String.join(",", health.nodes())));
			case NOT_READY -> Check.waiting(health.detail());
			case MISPLACED -> Check.failed("K3s: " + health.detail() + ". The values ("
					+ variables.get(HelmReleaseVariables.VALUES_REF) + ") must select the node with nodeSelector "
					+ "kubernetes.io/hostname: ${node}; fix them and run the release again.");
		};
	}

}
