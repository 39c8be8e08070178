package org.homelab.rollout.monitoring.steps;

import java.util.ArrayList;
import java.util.List;

import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.monitoring.GrafanaProvisioning;
import org.homelab.rollout.monitoring.MonitoringProperties;
import org.homelab.rollout.monitoring.MonitoringScripts;
import org.homelab.rollout.monitoring.PrometheusFiles;

import org.springframework.stereotype.Component;

/**
 * What the monitoring models read in expressions
 * ({@code ${monitoringModel.prometheusInstallScript}}): the scripts handed to run-script
 * and the frontend server's VM name. Nothing secret.
 */
@Component("monitoringModel")
public class MonitoringModel {

	private final Inventory inventory;

	private final MonitoringProperties properties;

	MonitoringModel(Inventory inventory, MonitoringProperties properties) {
		this.inventory = inventory;
		this.properties = properties;
	}

	public String getFrontendVmName() {
		return this.inventory.frontend().vmName();
	}

	public String getPrometheusVmName() {
		return this.properties.prometheusVm();
	}

	public String getPrometheusInstallScript() {
		return MonitoringScripts.prometheusInstall();
	}

	public String getPrometheusStartScript() {
		return MonitoringScripts.prometheusStart();
	}

	public String grafanaInstallScript(String run, boolean present) {
		return MonitoringScripts.grafanaInstall(run, !present);
	}

	public String getGrafanaStartScript() {
		return MonitoringScripts.grafanaStart();
	}

	public String grafanaUninstallScript(String run, boolean installedByRun) {
		List<String> dashboards = new ArrayList<>();
		PrometheusFiles.dashboards(this.properties.grafanaDir())
			.keySet()
			.forEach(name -> dashboards.add(GrafanaProvisioning.DASHBOARDS + "/" + name));
		return MonitoringScripts.grafanaUninstall(run, installedByRun, GrafanaProvisioning.DATASOURCE,
				GrafanaProvisioning.PROVIDER, dashboards);
	}

}
