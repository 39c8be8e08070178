package org.homelab.rollout.matrix;

import org.homelab.rollout.inventory.AccessSources;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.monitoring.GrafanaViewerToken;
import org.homelab.rollout.monitoring.MonitoringOperations;
import org.homelab.rollout.monitoring.ScrapePlans;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The plan's matrix and what follows from it for this inventory. */
@Configuration(proxyBeanMethods = false)
public class MatrixConfiguration {

	@Bean
	IntegrationMatrix integrationMatrix() {
		return IntegrationMatrix.PLAN;
	}

	@Bean
	MatrixCheck matrixCheck(IntegrationMatrix matrix) {
		return new MatrixCheck(matrix);
	}

	@Bean
	MatrixObservation matrixObservation(MonitoringOperations monitoring, ScrapePlans plans, GrafanaViewerToken viewer) {
		return new MatrixObservation(monitoring, plans, viewer);
	}

	@Bean
	VmFirewallPlan vmFirewallPlan(IntegrationMatrix matrix, Inventory inventory, AccessSources access) {
		return new VmFirewallPlan(matrix, inventory, access);
	}

}
