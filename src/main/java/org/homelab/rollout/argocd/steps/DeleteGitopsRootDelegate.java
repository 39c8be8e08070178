package org.homelab.rollout.argocd.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

/**
 * Deletes the root Application with cascade
 * ({@code DELETE /api/v1/applications/root?cascade=true}) if this run created it: its
 * resources finalizer deletes the children and what they made. Gone already is fine; one
 * adopted is left alone.
 */
@Component
class DeleteGitopsRootDelegate implements JavaDelegate {

	private final ArgoCdSteps steps;

	DeleteGitopsRootDelegate(ArgoCdSteps steps) {
		this.steps = steps;
	}

	@Override
	public void execute(DelegateExecution execution) {
		boolean created = Boolean.TRUE.equals(execution.getVariable(GitopsVariables.ROOT_CREATED));
		if (created) {
			this.steps.argocd(this.steps.vault(execution), this.steps.url(execution.getVariables()))
				.applications()
				.delete(GitopsLayout.ROOT, true);
		}
		execution.setVariable(GitopsVariables.ROOT_DELETED, created);
	}

}
