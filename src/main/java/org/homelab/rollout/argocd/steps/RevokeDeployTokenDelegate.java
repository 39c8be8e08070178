package org.homelab.rollout.argocd.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

/**
 * Revokes the gitops deploy token in GitLab
 * ({@code DELETE /projects/:id/deploy_tokens/:token_id}) if this run created it; gone
 * already is fine, an adopted one is left alone.
 */
@Component
class RevokeDeployTokenDelegate implements JavaDelegate {

	private final ArgoCdSteps steps;

	RevokeDeployTokenDelegate(ArgoCdSteps steps) {
		this.steps = steps;
	}

	@Override
	public void execute(DelegateExecution execution) {
		Object project = execution.getVariable(ArgoCdVariables.GITOPS_PROJECT_ID);
		Object id = execution.getVariable(ArgoCdVariables.DEPLOY_TOKEN_ID);
		boolean revoke = Boolean.TRUE.equals(execution.getVariable(ArgoCdVariables.DEPLOY_TOKEN_CREATED))
				&& project instanceof Number && id instanceof Number;
		if (revoke) {
			this.steps.gitlab().deployTokens().revoke(((Number) project).longValue(), ((Number) id).longValue());
		}
		execution.setVariable(ArgoCdVariables.DEPLOY_TOKEN_REVOKED, revoke);
	}

}
