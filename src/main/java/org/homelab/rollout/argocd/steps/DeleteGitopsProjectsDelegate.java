package org.homelab.rollout.argocd.steps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

/**
 * Deletes the AppProjects this run created ({@code DELETE /api/v1/projects/{name}})
 * ({@code gitopsProjectsCreated}); Argo CD's {@code default} is never deleted (Argo CD
 * would make it again, allowing everything), and the change this run made to it (allowing
 * nothing) is kept: it only narrows.
 */
@Component
class DeleteGitopsProjectsDelegate implements JavaDelegate {

	private final ArgoCdSteps steps;

	private final GitopsLayout layout;

	DeleteGitopsProjectsDelegate(ArgoCdSteps steps, GitopsLayout layout) {
		this.steps = steps;
		this.layout = layout;
	}

	@Override
	public void execute(DelegateExecution execution) {
		Object given = execution.getVariable(GitopsVariables.PROJECTS_CREATED);
		List<String> created = (given instanceof String names && !names.isBlank()) ? Arrays.asList(names.split(","))
				: List.of();
		List<String> deleted = new ArrayList<>();
		for (GenericKubernetesResource project : this.layout.projects()) {
			String name = project.getMetadata().getName();
			if (created.contains(name) && !"default".equals(name)) {
				// through Argo CD's API: it refuses a project Applications still use, and
				// clears the project's resources finalizer, which a plain delete would
				// wait on
				this.steps.argocd(this.steps.vault(execution), this.steps.url(execution.getVariables()))
					.projects()
					.delete(name);
				deleted.add(name);
			}
		}
		execution.setVariable(GitopsVariables.PROJECTS_DELETED, String.join(",", deleted));
	}

}
