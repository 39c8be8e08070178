package org.homelab.rollout.gitlab.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.gitlab.CiSmokeCriteria;

import org.springframework.stereotype.Component;

/**
 * Success criterion "CI/CD pipelines running": ci-smoke's pipeline ended in
 * {@code success}; sets {@code pipelinesRunningMet} and its result.
 */
@Component
class PipelineStatusCheckDelegate implements JavaDelegate {

	private final CiSmokeGitlab gitlab;

	PipelineStatusCheckDelegate(CiSmokeGitlab gitlab) {
		this.gitlab = gitlab;
	}

	@Override
	public void execute(DelegateExecution execution) {
		CiSmokeVariables.criterion(execution, CiSmokeVariables.PIPELINES_RUNNING,
				CiSmokeCriteria.pipelinesRunning(this.gitlab.operations(),
						CiSmokeVariables.required(execution, CiSmokeVariables.PROJECT_ID),
						CiSmokeVariables.required(execution, CiSmokeVariables.PIPELINE_ID)));
	}

}
