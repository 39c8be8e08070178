package org.homelab.rollout.monitoring.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.engine.RolloutRun;
import org.homelab.rollout.monitoring.GrafanaProvisioning;
import org.homelab.rollout.monitoring.MonitoringProperties;
import org.homelab.rollout.monitoring.PrometheusFiles;
import org.homelab.rollout.monitoring.ScrapePlans;

import org.springframework.stereotype.Component;

/**
 * The data source (the Prometheus VM) and the shipped dashboards, written where Grafana
 * provisions from.
 */
@Component
class WriteGrafanaProvisioningDelegate implements JavaDelegate {

	private final GuestAccess guests;

	private final ScrapePlans plans;

	private final MonitoringProperties properties;

	WriteGrafanaProvisioningDelegate(GuestAccess guests, ScrapePlans plans, MonitoringProperties properties) {
		this.guests = guests;
		this.plans = plans;
		this.properties = properties;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String address = this.plans.plannedPrometheusAddress();
		// under DHCP the Prometheus VM is known by name only
		String prometheus = this.plans.prometheusUrl((address != null) ? address : this.plans.prometheusHost());
		this.guests.write(this.guests.of(execution), GrafanaProvisioning.files(prometheus,
				PrometheusFiles.dashboards(this.properties.grafanaDir()), RolloutRun.of(execution)));
		execution.setVariable(MonitoringVariables.GRAFANA_URL, this.plans.grafanaUrl());
	}

}
