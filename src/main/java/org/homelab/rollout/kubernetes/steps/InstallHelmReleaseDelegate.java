package org.homelab.rollout.kubernetes.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.engine.RolloutRun;
import org.homelab.rollout.kubernetes.HelmChartApplied;
import org.homelab.rollout.kubernetes.HelmChartApplied.Outcome;
import org.homelab.rollout.kubernetes.HelmReleaseRequest;
import org.homelab.rollout.kubernetes.HelmValues;
import org.homelab.rollout.kubernetes.KubernetesOperations;

import org.springframework.stereotype.Component;

import static org.homelab.rollout.kubernetes.steps.HelmReleaseVariables.*;

/**
 * Renders the release's values for its placement and creates, adopts or updates its
 * HelmChart; records what it did, so compensation uninstalls only a release this run
 * created.
 */
@Component
class InstallHelmReleaseDelegate implements JavaDelegate {

	private final KubernetesOperations kubernetes;

	InstallHelmReleaseDelegate(KubernetesOperations kubernetes) {
		this.kubernetes = kubernetes;
	}

	@Override
	public void execute(DelegateExecution execution) {
		HelmValues values = this.kubernetes.helmValues();
		String node = values.node(text(execution, PLACEMENT));
		HelmReleaseRequest request = HelmReleaseRequest.create(text(execution, RELEASE_NAME), text(execution, CHART),
				text(execution, CHART_REPO), text(execution, CHART_VERSION), text(execution, RELEASE_NAMESPACE),
				values.render(text(execution, VALUES_REF), node));
		String run = RolloutRun.of(execution);
		HelmChartApplied applied = this.kubernetes.opsForHelmReleases().applyChart(request, run);
		execution.setVariable(RELEASE_NODE, node);
		execution.setVariable(RELEASE_CREATED, applied.createdBy(run));
		execution.setVariable(RELEASE_ADOPTED, applied.outcome() == Outcome.ADOPTED);
		execution.setVariable(RELEASE_UPDATED, applied.outcome() == Outcome.UPDATED);
		execution.setVariable(PREVIOUS_JOB_UID, applied.previousJobUid());
	}

	private static String text(DelegateExecution execution, String name) {
		Object value = execution.getVariable(name);
		return (value == null) ? null : value.toString().trim();
	}

}
