package org.homelab.rollout.gitlab.steps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.gitlab.GitlabOperations;

import org.springframework.stereotype.Component;

/**
 * gitlab-remove: deletes the projects ({@code gitlabProjectsCreated}) and the group
 * ({@code gitlabGroupCreated}) this run created, nothing else; already gone is fine. No
 * call at all when the run created none.
 */
@Component
class RemoveGitlabProjectsDelegate implements JavaDelegate {

	private final GitlabConnections connections;

	private final GitlabStepProperties properties;

	RemoveGitlabProjectsDelegate(GitlabConnections connections, GitlabStepProperties properties) {
		this.connections = connections;
		this.properties = properties;
	}

	@Override
	public void execute(DelegateExecution execution) {
		Object listed = execution.getVariable(GitlabVariables.PROJECTS_CREATED);
		List<String> projects = (listed == null) ? List.of()
				: Arrays.stream(listed.toString().split(","))
					.map(String::strip)
					// only the projects gitlab-install creates: an input never names
					// another
					.filter(this.properties.projects()::contains)
					.toList();
		boolean group = Boolean.TRUE.equals(execution.getVariable(GitlabVariables.GROUP_CREATED));
		List<String> removed = new ArrayList<>();
		if (projects.isEmpty() && !group) {
			execution.setVariable("gitlabRemoved", "");
			return;
		}
		// never from an input: the engine sends its token there
		String url = this.connections.defaultUrl();
		GitlabOperations api = this.connections.operations(url);
		String groupPath = this.properties.group();
		for (String project : projects) {
			api.projects().findByPath(groupPath + "/" + project).ifPresent(p -> {
				api.projects().delete(p.id());
				removed.add(p.pathWithNamespace());
			});
		}
		if (group) {
			api.groups().findByPath(groupPath).ifPresent(g -> {
				api.groups().delete(g.id());
				removed.add(g.fullPath());
			});
		}
		execution.setVariable("gitlabRemoved", String.join(",", removed));
	}

}
