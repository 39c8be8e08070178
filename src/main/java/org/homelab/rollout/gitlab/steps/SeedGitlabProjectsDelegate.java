package org.homelab.rollout.gitlab.steps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.gitlab.Adopted;
import org.homelab.rollout.gitlab.GitlabGroup;
import org.homelab.rollout.gitlab.GitlabOperations;
import org.homelab.rollout.gitlab.GitlabProject;
import org.homelab.rollout.gitlab.GitlabProperties;
import org.homelab.rollout.gitlab.SeedFiles;
import org.homelab.rollout.gitlab.SeedResult;

import org.springframework.stereotype.Component;

/**
 * The group ({@code homelab}) and its projects ({@code gitops}, {@code ansible},
 * {@code ci-smoke}), each found or created, and seeded from
 * {@code deploy/gitlab/<project>/} when that folder exists (only missing or different
 * files, in one commit; none on a re-run). {@code gitlabGroupCreated} and
 * {@code gitlabProjectsCreated} say what this run created, for the undo.
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
		String groupPath = this.properties.group();
		Adopted<GitlabGroup> group = api.groups().findOrCreate(groupPath, groupPath);
		List<String> created = new ArrayList<>();
		List<String> seeded = new ArrayList<>();
		for (String name : this.properties.projects()) {
			Adopted<GitlabProject> project = api.projects().findOrCreate(group.value(), name, name);
			if (project.created()) {
				created.add(name);
			}
			Path folder = this.gitlab.templates().resolve(name);
			if (Files.isDirectory(folder)) {
				Map<String, byte[]> files = SeedFiles.read(folder);
				if (!files.isEmpty()) {
					SeedResult seed = api.repository()
						.seed(project.value().id(), this.properties.seedBranch(), files,
								"Seed " + group.value().fullPath() + "/" + name
										+ " from homelab-rollout (deploy/gitlab/" + name + "/)");
					if (seed.changed()) {
						seeded.add(name);
					}
				}
			}
		}
		execution.setVariable(GitlabVariables.GROUP_CREATED, group.created());
		execution.setVariable(GitlabVariables.PROJECTS_CREATED, String.join(",", created));
		execution.setVariable(GitlabVariables.PROJECTS_SEEDED, String.join(",", seeded));
	}

}
