package org.homelab.rollout.argocd.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

/**
 * Where a later phase reaches the Argo CD Phase 3 installed ({@code argocdUrl}):
 * {@code rollout.argocd.url} when set, else argocd-server's node port on a K3s node, as
 * argocd-install found it. One look at K3s's API; Argo CD itself is not asked.
 */
@Component
class FindArgoCdDelegate implements JavaDelegate {

	private final ArgoCdSteps steps;

	FindArgoCdDelegate(ArgoCdSteps steps) {
		this.steps = steps;
	}

	@Override
	public void execute(DelegateExecution execution) {
		execution.setVariable(ArgoCdVariables.URL, this.steps.url((String) null));
	}

}
