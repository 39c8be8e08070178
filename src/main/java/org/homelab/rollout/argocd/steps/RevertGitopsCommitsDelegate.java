package org.homelab.rollout.argocd.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.engine.RolloutRun;
import org.homelab.rollout.gitlab.GitlabProject;
import org.homelab.rollout.gitlab.RevertResult;

import org.springframework.stereotype.Component;

/**
 * Reverts the run's commits on {@code homelab/gitops} by new commits, newest first
 * ({@code repository().revertRun}): history and everyone else's commits stay, a repeated
 * undo changes nothing.
 */
@Component
class RevertGitopsCommitsDelegate implements JavaDelegate {

	private final ArgoCdSteps steps;

	RevertGitopsCommitsDelegate(ArgoCdSteps steps) {
		this.steps = steps;
	}

	@Override
	public void execute(DelegateExecution execution) {
		GitlabProject project = this.steps.gitopsProject();
		RevertResult result = this.steps.gitlab()
			.repository()
			.revertRun(project.id(), GitopsLayout.BRANCH, RolloutRun.of(execution));
		execution.setVariable(GitopsVariables.REVERTS, result.reverts().size());
	}

}
