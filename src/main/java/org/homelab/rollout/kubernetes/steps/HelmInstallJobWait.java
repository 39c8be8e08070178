package org.homelab.rollout.kubernetes.steps;

import java.util.Map;
import java.util.Set;

import org.homelab.rollout.kubernetes.HelmJobStatus;
import org.homelab.rollout.kubernetes.KubernetesOperations;
import org.homelab.rollout.kubernetes.KubernetesProperties;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;

import org.springframework.stereotype.Component;

/**
 * Waits for the {@code helm-install-<release>} Job of the current spec (not an older,
 * Complete one) to complete. A failed Job is an incident quoting the Job's pod log:
 * helm's own words say what is wrong with the chart.
 */
@Component
class HelmInstallJobWait implements WaitCondition {

	static final String TOPIC = "kubernetes-helm-install-job";

	private final KubernetesOperations kubernetes;

	private final String chartNamespace;

	HelmInstallJobWait(KubernetesOperations kubernetes, KubernetesProperties properties) {
		this.kubernetes = kubernetes;
		this.chartNamespace = properties.chartNamespace();
	}

	@Override
	public String topic() {
		return TOPIC;
	}

	@Override
	public Set<String> variables() {
		return Set.of(HelmReleaseVariables.RELEASE_NAME, HelmReleaseVariables.PREVIOUS_JOB_UID);
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
		String previous = (String) variables.get(HelmReleaseVariables.PREVIOUS_JOB_UID);
		HelmJobStatus status = this.kubernetes.opsForHelmReleases().installJob(release, previous);
		return switch (status.state()) {
			case PENDING, RUNNING -> Check.waiting(status.detail());
			case COMPLETE -> Check.done(Map.of());
			// the incident message is cut at 666 characters: helm's error first, the log
			// tail last
			case FAILED -> Check
				.failed("K3s helm-controller failed to install Helm release '" + release + "': " + status.errorLines()
						+ "\nFix the chart, repo, version or values (kubectl -n " + this.chartNamespace
						+ " edit helmchart " + release + " starts a new Job), then retry this incident; or "
						+ "cancel the run to roll back.\n" + status.detail() + ":\n" + status.logTail());
		};
	}

}
