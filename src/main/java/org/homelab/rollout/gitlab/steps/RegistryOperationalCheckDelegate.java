package org.homelab.rollout.gitlab.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.gitlab.CiSmokeCriteria;

import org.springframework.stereotype.Component;

/**
 * Success criterion "Container registry operational": the image ci-smoke's pipeline
 * pushed is listed with the commit's short SHA and the fixed tag, and its manifest pulls
 * through the registry's token flow; sets {@code registryOperationalMet} and its result.
 */
@Component
class RegistryOperationalCheckDelegate implements JavaDelegate {

	private final CiSmokeGitlab gitlab;

	RegistryOperationalCheckDelegate(CiSmokeGitlab gitlab) {
		this.gitlab = gitlab;
	}

	@Override
	public void execute(DelegateExecution execution) {
		Object sha = execution.getVariable(CiSmokeVariables.PIPELINE_SHA);
		String commitTag = (sha != null) ? sha.toString().substring(0, Math.min(8, sha.toString().length())) : "";
		CiSmokeVariables.criterion(execution, CiSmokeVariables.REGISTRY_OPERATIONAL,
				CiSmokeCriteria.registryOperational(this.gitlab.operations(),
						CiSmokeVariables.required(execution, CiSmokeVariables.PROJECT_ID), CiSmokeVariables.PROJECT,
						commitTag));
	}

}
