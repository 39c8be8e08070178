package org.homelab.rollout.argocd.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.criteria.Criterion;

import org.springframework.stereotype.Component;

/**
 * Success criterion "Argo CD managing applications": the root Application and its
 * children Synced and Healthy. Sets {@code argocdManagingMet} and
 * {@code argocdManagingResult}; an unreachable Argo CD is a criterion not met, never an
 * incident.
 */
@Component
class CheckArgoCdManagingDelegate implements JavaDelegate {

	private final ArgoCdSteps steps;

	private final GitopsLayout layout;

	CheckArgoCdManagingDelegate(ArgoCdSteps steps, GitopsLayout layout) {
		this.steps = steps;
		this.layout = layout;
	}

	@Override
	public void execute(DelegateExecution execution) {
		Criterion criterion;
		try {
			criterion = GitopsState.managing(
					this.steps.argocd(this.steps.vault(execution), this.steps.url(execution.getVariables())),
					this.layout);
		}
		catch (RuntimeException ex) {
			criterion = Criterion.unmet("Argo CD's API: " + ex.getMessage());
		}
		execution.setVariable(GitopsVariables.MANAGING_MET, criterion.met());
		execution.setVariable(GitopsVariables.MANAGING_RESULT, criterion.result());
	}

}
