package org.homelab.rollout.monitoring.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.criteria.Criterion;
import org.homelab.rollout.monitoring.MonitoringCriteria;
import org.homelab.rollout.monitoring.MonitoringProperties;

import org.springframework.stereotype.Component;

/**
 * Success criterion, last step of alerting-rules-check: the rules Prometheus loaded, and
 * what {@code promtool test
 * rules} reported in the Prometheus VM (its stdout, or the wait's error when it exited
 * non-zero); sets {@code alertingTestedMet} and its result.
 */
@Component
class CheckAlertingRulesDelegate implements JavaDelegate {

	private final MonitoringCriteria criteria;

	private final MonitoringProperties properties;

	CheckAlertingRulesDelegate(MonitoringCriteria criteria, MonitoringProperties properties) {
		this.criteria = criteria;
		this.properties = properties;
	}

	@Override
	public void execute(DelegateExecution execution) {
		MonitoringVariables.criterion(execution, MonitoringVariables.ALERTING_TESTED,
				this.criteria.alertingTested(rulesTest(execution, "VM " + this.properties.prometheusVm())));
	}

	static Criterion rulesTest(DelegateExecution execution, String vm) {
		if (!Boolean.TRUE.equals(execution.getVariable(MonitoringVariables.VM_FOUND))) {
			return Criterion
				.unmet("no " + vm + " to run promtool test rules in: install Prometheus " + "(prometheus-install)");
		}
		Object error = execution.getVariable(MonitoringVariables.RULES_TEST_ERROR);
		if (error != null) {
			return Criterion.unmet("promtool test rules failed in " + vm + ": " + error);
		}
		Object output = execution.getVariable(MonitoringVariables.SCRIPT_OUTPUT);
		return Criterion.met("promtool test rules passed in " + vm + " (alerts fire and resolve as specified): "
				+ String.valueOf(output).strip().replaceAll("\\s+", " "));
	}

}
