package org.homelab.rollout.gitlab.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.gitlab.CiSmokeCriteria;
import org.homelab.rollout.gitlab.GitlabProperties;

import org.springframework.stereotype.Component;

/**
 * Success criterion "GitLab Runner executing jobs": ci-smoke's job tagged for the GPU
 * runner and its jobs tagged for the general runner succeeded, on two runners (the given
 * ones, when {@code ciSmokeGpuRunnerId}/{@code ciSmokeGeneralRunnerId} are set); sets
 * {@code runnersExecutingMet} and its result.
 */
@Component
class CiSmokeRunnersCheckDelegate implements JavaDelegate {

	private final CiSmokeGitlab gitlab;

	private final GitlabProperties properties;

	CiSmokeRunnersCheckDelegate(CiSmokeGitlab gitlab, GitlabProperties properties) {
		this.gitlab = gitlab;
		this.properties = properties;
	}

	@Override
	public void execute(DelegateExecution execution) {
		CiSmokeVariables.criterion(execution, CiSmokeVariables.RUNNERS_EXECUTING,
				CiSmokeCriteria.runnersExecuting(this.gitlab.operations(),
						CiSmokeVariables.required(execution, CiSmokeVariables.PROJECT_ID),
						CiSmokeVariables.required(execution, CiSmokeVariables.PIPELINE_ID),
						this.properties.gpuRunnerTags(), this.properties.generalRunnerTags(),
						CiSmokeVariables.optional(execution, CiSmokeVariables.GPU_RUNNER_ID),
						CiSmokeVariables.optional(execution, CiSmokeVariables.GENERAL_RUNNER_ID)));
	}

}
