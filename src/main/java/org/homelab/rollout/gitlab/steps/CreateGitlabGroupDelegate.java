package org.homelab.rollout.gitlab.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.gitlab.Adopted;
import org.homelab.rollout.gitlab.GitlabGroup;

import org.springframework.stereotype.Component;

/**
 * The group ({@code rollout.gitlab.group}, {@code homelab}), found or created:
 * {@code gitlabGroupCreated} says whether this run created it. One create per job, so a
 * transient fault on a later call cannot make the retry take this run's group for
 * another's. Starts {@code gitlabProjectsCreated} empty for the projects' steps.
 */
@Component
class CreateGitlabGroupDelegate implements JavaDelegate {

	private final GitlabConnections connections;

	private final GitlabStepProperties properties;

	CreateGitlabGroupDelegate(GitlabConnections connections, GitlabStepProperties properties) {
		this.connections = connections;
		this.properties = properties;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String path = this.properties.group();
		Adopted<GitlabGroup> group = this.connections.operations(this.connections.defaultUrl())
			.groups()
			.findOrCreate(path, path);
		execution.setVariable(GitlabVariables.GROUP_CREATED, group.created());
		execution.setVariable(GitlabVariables.PROJECTS_CREATED, "");
	}

}
