package org.homelab.rollout.monitoring.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.monitoring.MonitoringCriteria;

import org.springframework.stereotype.Component;

/**
 * Success criterion: Grafana healthy with the shipped dashboards, seen with the engine's
 * Viewer token; sets {@code grafanaOperationalMet} and its result.
 */
@Component
class CheckGrafanaOperationalDelegate implements JavaDelegate {

	private final MonitoringCriteria criteria;

	CheckGrafanaOperationalDelegate(MonitoringCriteria criteria) {
		this.criteria = criteria;
	}

	@Override
	public void execute(DelegateExecution execution) {
		MonitoringVariables.criterion(execution, MonitoringVariables.GRAFANA_OPERATIONAL,
				this.criteria.grafanaOperational());
	}

}
