package org.homelab.rollout.monitoring;

import okhttp3.OkHttpClient;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.kubernetes.ClusterConnection;
import org.homelab.rollout.kubernetes.KubernetesOperations;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(MonitoringProperties.class)
class MonitoringConfiguration {

	@Bean
	ScrapePlans scrapePlans(Inventory inventory, MonitoringProperties properties) {
		return new ScrapePlans(inventory, properties);
	}

	@Bean
	GrafanaViewerToken grafanaViewerToken(MonitoringProperties properties) {
		return new GrafanaViewerToken(properties.grafanaTokenFile());
	}

	@Bean
	MonitoringCriteria monitoringCriteria(MonitoringOperations monitoring, ScrapePlans plans,
			MonitoringProperties properties, GrafanaViewerToken viewer) {
		return new MonitoringCriteria(monitoring, plans, properties, viewer);
	}

	/**
	 * The application's one fabric8 client for what ManifestOperations does not offer:
	 * reading the token.
	 */
	@Bean
	MonitoringClients monitoringClients(OkHttpClient shared, MonitoringProperties properties,
			KubernetesOperations kubernetes, ClusterConnection cluster) {
		OkHttpClient http = shared.newBuilder()
			.connectTimeout(properties.timeout())
			.readTimeout(properties.timeout())
			.followRedirects(false)
			.build();
		return new MonitoringClients(http, kubernetes.opsForManifests(), cluster::client, properties);
	}

}
