package org.homelab.rollout.gitlab.steps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.gitlab.Adopted;
import org.homelab.rollout.gitlab.GitlabGroup;
import org.homelab.rollout.gitlab.GitlabOperations;
import org.homelab.rollout.gitlab.GitlabProject;

import org.springframework.stereotype.Component;

/**
 * One project of the group ({@code gitlabProject}, an element of
 * {@code rollout.gitlab.projects}), found or created; a created one is added to
 * {@code gitlabProjectsCreated}. One create per job (the model runs one instance per
 * project), so a retry never takes this run's project for another's.
 */
@Component
class CreateGitlabProjectDelegate implements JavaDelegate {

	static final String PROJECT = "gitlabProject";

	private final GitlabConnections connections;

	private final GitlabStepProperties properties;

	CreateGitlabProjectDelegate(GitlabConnections connections, GitlabStepProperties properties) {
		this.connections = connections;
		this.properties = properties;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String name = (String) execution.getVariable(PROJECT);
		if (!this.properties.projects().contains(name)) {
			throw new IllegalArgumentException(
					"'" + name + "' is not one of rollout.gitlab.projects " + this.properties.projects());
		}
		GitlabOperations api = this.connections.operations(this.connections.defaultUrl());
		String groupPath = this.properties.group();
		GitlabGroup group = api.groups()
			.findByPath(groupPath)
			.orElseThrow(() -> new IllegalStateException(
					"GitLab has no group '" + groupPath + "' (deleted meanwhile?): retry from 'Create the group'."));
		Adopted<GitlabProject> project = api.projects().findOrCreate(group, name, name);
		if (project.created()) {
			Object listed = execution.getVariable(GitlabVariables.PROJECTS_CREATED);
			List<String> created = new ArrayList<>((listed == null || listed.toString().isBlank()) ? List.of()
					: Arrays.asList(listed.toString().split(",")));
			if (!created.contains(name)) {
				created.add(name);
			}
			execution.setVariable(GitlabVariables.PROJECTS_CREATED, String.join(",", created));
		}
	}

}
