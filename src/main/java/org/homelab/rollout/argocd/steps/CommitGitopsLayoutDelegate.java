package org.homelab.rollout.argocd.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.engine.RolloutRun;
import org.homelab.rollout.gitlab.CommitAction;
import org.homelab.rollout.gitlab.GitlabOperations;
import org.homelab.rollout.gitlab.GitlabProject;
import org.homelab.rollout.gitlab.RepositoryFile;

import org.springframework.stereotype.Component;

/**
 * Commits the rendered layout of {@code deploy/gitops/} into {@code homelab/gitops}
 * ({@code main}) in one commit signed by the run, with only the files missing: a re-run
 * (or a retry after the commit) commits nothing, and a file the repository has (changed
 * by people or by gitops-check's smoke commit) is left as it is, Git being the source of
 * truth once published.
 */
@Component
class CommitGitopsLayoutDelegate implements JavaDelegate {

	private final ArgoCdSteps steps;

	private final GitopsLayout layout;

	CommitGitopsLayoutDelegate(ArgoCdSteps steps, GitopsLayout layout) {
		this.steps = steps;
		this.layout = layout;
	}

	@Override
	public void execute(DelegateExecution execution) {
		GitlabOperations gitlab = this.steps.gitlab();
		GitlabProject project = this.steps.gitopsProject();
		List<CommitAction> actions = new ArrayList<>();
		for (Map.Entry<String, byte[]> file : this.layout.files().entrySet()) {
			Optional<RepositoryFile> there = gitlab.repository()
				.readFile(project.id(), file.getKey(), GitopsLayout.BRANCH);
			// a file there is the repository's: after the first publish Git is the source
			// of truth (people's commits, the criteria's smoke change), not
			// deploy/gitops/
			if (there.isEmpty()) {
				actions.add(CommitAction.create(file.getKey(), file.getValue()));
			}
		}
		String commit = actions.isEmpty() ? null
				: gitlab.repository()
					.commitForRun(project.id(), GitopsLayout.BRANCH, "Publish the homelab app-of-apps layout",
							RolloutRun.of(execution), actions);
		execution.setVariable(GitopsVariables.PROJECT_ID, project.id());
		execution.setVariable(GitopsVariables.COMMITTED, commit != null);
		execution.setVariable(GitopsVariables.COMMIT, commit);
	}

}
