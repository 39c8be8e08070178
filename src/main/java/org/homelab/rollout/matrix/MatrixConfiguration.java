package org.homelab.rollout.matrix;

import org.homelab.rollout.inventory.AccessSources;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.monitoring.GrafanaViewerToken;
import org.homelab.rollout.monitoring.MonitoringOperations;
import org.homelab.rollout.monitoring.ScrapePlans;
import org.homelab.rollout.vault.GeneratedSecrets;
import org.homelab.rollout.vault.SecretWriter;
import org.homelab.rollout.vault.VaultTargets;

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
	MatrixObservation matrixObservation(MonitoringOperations monitoring, ScrapePlans plans, GrafanaViewerToken viewer,
			VaultTargets vaults, GeneratedSecrets secrets, SecretWriter writer) {
		// the engine's Vault as the processes default to it; only a secret's metadata is
		// read
		return new MatrixObservation(monitoring, plans, viewer,
				path -> writer.exists(vaults.target(null, null), secrets.reference(service(path), name(path))));
	}

	private static String service(String path) {
		return path.substring(0, path.indexOf('/'));
	}

	private static String name(String path) {
		return path.substring(path.indexOf('/') + 1);
	}

	@Bean
	VmFirewallUpdate vmFirewallUpdate(VmFirewallPlan plan) {
		return new VmFirewallUpdate(plan);
	}

	@Bean
	VmFirewallPlan vmFirewallPlan(IntegrationMatrix matrix, Inventory inventory, AccessSources access) {
		return new VmFirewallPlan(matrix, inventory, access);
	}

}
