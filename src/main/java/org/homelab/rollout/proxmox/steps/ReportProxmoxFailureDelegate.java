package org.homelab.rollout.proxmox.steps;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.runtime.Job;

import org.springframework.stereotype.Component;

/**
 * Turns a Proxmox failure (the error boundary's {@code proxmoxError}) into an incident,
 * without retries: the model gives this task one attempt. When an operator has fixed the
 * cause and clicks Retry, the job runs again with its earlier failure still recorded:
 * then the step passes and the model starts the work over from finding the VM, which
 * adopts whatever this run already created.
 */
@Component
class ReportProxmoxFailureDelegate implements JavaDelegate {

	private static final Log logger = LogFactory.getLog(ReportProxmoxFailureDelegate.class);

	@Override
	public void execute(DelegateExecution execution) {
		Job job = execution.getProcessEngineServices()
			.getManagementService()
			.createJobQuery()
			.executionId(execution.getId())
			.activityId(execution.getCurrentActivityId())
			.singleResult();
		if (job != null && job.getExceptionMessage() != null) {
			logger.info(
					"Proxmox failure in " + execution.getProcessInstanceId() + " retried by an operator: trying again");
			return;
		}
		throw new ProxmoxStepFailedException(String.valueOf(execution.getVariable(ProxmoxVariables.ERROR))
				+ " When the cause is fixed, retry this incident: the step starts over and adopts what this run made.");
	}

}
