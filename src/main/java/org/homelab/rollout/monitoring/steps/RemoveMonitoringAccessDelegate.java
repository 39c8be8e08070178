package org.homelab.rollout.monitoring.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.engine.RolloutRun;
import org.homelab.rollout.monitoring.MonitoringOperations;

import org.springframework.stereotype.Component;

/** Rollback: removes Prometheus's access to K3s if this run created it. */
@Component
class RemoveMonitoringAccessDelegate implements JavaDelegate {

	private final MonitoringOperations monitoring;

	RemoveMonitoringAccessDelegate(MonitoringOperations monitoring) {
		this.monitoring = monitoring;
	}

	@Override
	public void execute(DelegateExecution execution) {
		if (Boolean.TRUE.equals(execution.getVariable(MonitoringVariables.ACCESS_CREATED))) {
			this.monitoring.cluster().remove(RolloutRun.of(execution));
		}
	}

}
