package org.homelab.rollout.gitlab.steps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.gitlab.GitlabOperations;
import org.homelab.rollout.gitlab.GitlabProject;
import org.homelab.rollout.gitlab.GitlabProperties;
import org.homelab.rollout.gitlab.SeedFiles;
import org.homelab.rollout.gitlab.SeedResult;

import org.springframework.stereotype.Component;

/**
 * Seeds each project of the group whose folder {@code deploy/gitlab/<project>/} exists
 * (only missing or different files, in one commit; none on a re-run); a project without a
 * folder stays empty. {@code gitlabProjectsSeeded} names the projects it committed to.
 */
@Component
class SeedGitlabProjectsDelegate implements JavaDelegate {

	private final GitlabConnections connections;

	private final GitlabStepProperties properties;

	private final GitlabProperties gitlab;

	SeedGitlabProjectsDelegate(GitlabConnections connections, GitlabStepProperties properties,
			GitlabProperties gitlab) {
		this.connections = connections;
		this.properties = properties;
		this.gitlab = gitlab;
	}

	@Override
	public void execute(DelegateExecution execution) {
		GitlabOperations api = this.connections.operations(this.connections.defaultUrl());
		List<String> seeded = new ArrayList<>();
		for (String name : this.properties.projects()) {
			Path folder = this.gitlab.templates().resolve(name);
			if (!Files.isDirectory(folder)) {
				continue;
			}
			Map<String, byte[]> files = SeedFiles.read(folder);
			if (files.isEmpty()) {
				continue;
			}
			String path = this.properties.group() + "/" + name;
			GitlabProject project = api.projects()
				.findByPath(path)
				.orElseThrow(() -> new IllegalStateException(
						"GitLab has no project " + path + " (deleted meanwhile?): retry from 'Create the projects'."));
			SeedResult seed = api.repository()
				.seed(project.id(), this.properties.seedBranch(), files,
						"Seed " + path + " from homelab-rollout (deploy/gitlab/" + name + "/)");
			if (seed.changed()) {
				seeded.add(name);
			}
		}
		execution.setVariable(GitlabVariables.PROJECTS_SEEDED, String.join(",", seeded));
	}

}
