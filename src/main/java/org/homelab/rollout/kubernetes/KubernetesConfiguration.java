package org.homelab.rollout.kubernetes;

import org.homelab.rollout.inventory.Inventory;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application's one cluster connection, from the inventory (built on first use,
 * closed with the application).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(KubernetesProperties.class)
class KubernetesConfiguration {

	@Bean
	ClusterConnection kubernetesConnection(Inventory inventory, KubernetesProperties properties) {
		return new ClusterConnection(() -> KubernetesClients.create(inventory.k3s(), properties.requestRetries()));
	}

	@Bean
	KubernetesOperations kubernetesOperations(ClusterConnection connection, KubernetesProperties properties,
			Inventory inventory) {
		return new KubernetesTemplate(connection, properties, new HelmValues(properties.valuesDir(), inventory));
	}

}
