package org.homelab.rollout.monitoring.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.engine.RolloutRun;
import org.homelab.rollout.monitoring.MonitoringOperations;

import org.springframework.stereotype.Component;

/**
 * Prometheus's access to K3s created (adopted if there); {@code monitoringAccessCreated}
 * says whether it is this run's.
 */
@Component
class CreateMonitoringAccessDelegate implements JavaDelegate {

	private final MonitoringOperations monitoring;

	CreateMonitoringAccessDelegate(MonitoringOperations monitoring) {
		this.monitoring = monitoring;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String run = RolloutRun.of(execution);
		execution.setVariable(MonitoringVariables.ROLLOUT_RUN, run);
		execution.setVariable(MonitoringVariables.ACCESS_CREATED, this.monitoring.cluster().ensure(run));
	}

}
