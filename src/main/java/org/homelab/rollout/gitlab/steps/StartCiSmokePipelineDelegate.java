package org.homelab.rollout.gitlab.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.gitlab.GitlabApiException;
import org.homelab.rollout.gitlab.GitlabOperations;
import org.homelab.rollout.gitlab.GitlabPipeline;
import org.homelab.rollout.gitlab.GitlabProject;

import org.springframework.stereotype.Component;

/**
 * Starts a pipeline of homelab/ci-smoke on its default branch (seeded from
 * deploy/gitlab/ci-smoke). Looks first: a pipeline this run started
 * ({@code ciSmokePipelineId}) that GitLab still has is adopted, so a retry or a second
 * pass starts none.
 */
@Component
class StartCiSmokePipelineDelegate implements JavaDelegate {

	private final CiSmokeGitlab gitlab;

	StartCiSmokePipelineDelegate(CiSmokeGitlab gitlab) {
		this.gitlab = gitlab;
	}

	@Override
	public void execute(DelegateExecution execution) {
		GitlabOperations gitlab = this.gitlab.operations();
		GitlabProject project = gitlab.projects()
			.findByPath(CiSmokeVariables.PROJECT)
			.orElseThrow(() -> new IllegalStateException("GitLab has no project " + CiSmokeVariables.PROJECT
					+ ": Phase 2 creates and seeds it from deploy/gitlab/ci-smoke before this check; run that step"
					+ " (or create the project and push those files), then retry."));
		if (project.defaultBranch() == null) {
			throw new IllegalStateException("GitLab's project " + CiSmokeVariables.PROJECT + " is empty: seed it from"
					+ " deploy/gitlab/ci-smoke (its .gitlab-ci.yml and Dockerfile), then retry.");
		}
		Long started = CiSmokeVariables.optional(execution, CiSmokeVariables.PIPELINE_ID);
		GitlabPipeline pipeline = (started != null) ? adopt(gitlab, project, started) : null;
		if (pipeline == null) {
			pipeline = gitlab.pipelines().create(project.id(), project.defaultBranch());
		}
		execution.setVariable(CiSmokeVariables.PROJECT_ID, project.id());
		execution.setVariable(CiSmokeVariables.PIPELINE_ID, pipeline.id());
		execution.setVariable(CiSmokeVariables.PIPELINE_SHA, pipeline.sha());
		execution.setVariable(CiSmokeVariables.PIPELINE_URL, pipeline.webUrl());
	}

	/** The pipeline this run started, if GitLab still has it. */
	private static GitlabPipeline adopt(GitlabOperations gitlab, GitlabProject project, long id) {
		try {
			return gitlab.pipelines().get(project.id(), id);
		}
		catch (GitlabApiException ex) {
			if (ex.notFound()) {
				return null;
			}
			throw ex;
		}
	}

}
