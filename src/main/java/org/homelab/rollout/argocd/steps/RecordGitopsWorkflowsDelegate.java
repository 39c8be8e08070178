package org.homelab.rollout.argocd.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

/**
 * Sets the criterion "GitOps workflows operational" from where the check got to: both
 * waits done (met), or which one's bound ran out (the activity this runs as:
 * {@code commit-not-synced} or {@code deletion-not-healed}).
 */
@Component
class RecordGitopsWorkflowsDelegate implements JavaDelegate {

	@Override
	public void execute(DelegateExecution execution) {
		String bound = String.valueOf(execution.getVariable(GitopsVariables.SYNC_BOUND));
		String message = String.valueOf(execution.getVariable(GitopsVariables.SMOKE_MESSAGE));
		String at = execution.getCurrentActivityId();
		boolean met;
		String result;
		if ("commit-not-synced".equals(at)) {
			met = false;
			result = "a commit to homelab/gitops (smoke-settings message '" + message + "') did not reach the cluster "
					+ "within " + bound;
		}
		else if ("deletion-not-healed".equals(at)) {
			met = false;
			result = "the commit was synced, but the smoke ConfigMap deleted by hand was not restored within " + bound;
		}
		else {
			met = true;
			result = "a commit to homelab/gitops reached the cluster and a ConfigMap deleted by hand was restored, "
					+ "each within " + bound;
		}
		execution.setVariable(GitopsVariables.WORKFLOWS_MET, met);
		execution.setVariable(GitopsVariables.WORKFLOWS_RESULT, result);
	}

}
