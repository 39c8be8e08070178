package org.homelab.rollout.matrix;

import org.homelab.rollout.inventory.AccessSources;
import org.homelab.rollout.inventory.Inventory;

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
	VmFirewallPlan vmFirewallPlan(IntegrationMatrix matrix, Inventory inventory, AccessSources access) {
		return new VmFirewallPlan(matrix, inventory, access);
	}

}
