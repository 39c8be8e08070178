package org.homelab.rollout.monitoring.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.monitoring.MonitoringCriteria;

import org.springframework.stereotype.Component;

/**
 * Success criterion: Prometheus collects from every node; sets
 * {@code prometheusCollectingMet} and its result.
 */
@Component
class CheckPrometheusCollectingDelegate implements JavaDelegate {

	private final MonitoringCriteria criteria;

	CheckPrometheusCollectingDelegate(MonitoringCriteria criteria) {
		this.criteria = criteria;
	}

	@Override
	public void execute(DelegateExecution execution) {
		MonitoringVariables.criterion(execution, MonitoringVariables.PROMETHEUS_COLLECTING,
				this.criteria.prometheusCollecting());
	}

}
