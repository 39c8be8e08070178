package org.homelab.rollout.monitoring;

import java.util.function.Supplier;

import io.fabric8.kubernetes.client.KubernetesClient;
import okhttp3.OkHttpClient;
import org.homelab.rollout.kubernetes.ManifestOperations;

/**
 * Hands out the Prometheus and Grafana API clients and the cluster access, over shared
 * connections; the fabric8 client is the application's one (from the kubernetes package),
 * which this neither builds nor closes.
 */
public final class MonitoringClients implements MonitoringOperations {

	private final OkHttpClient http;

	private final ClusterMonitoringAccess cluster;

	public MonitoringClients(OkHttpClient http, ManifestOperations manifests, Supplier<KubernetesClient> factory,
			MonitoringProperties properties) {
		this.http = http;
		this.cluster = new ClusterMonitoringAccess(manifests, factory, properties.namespace(),
				properties.serviceAccount());
	}

	@Override
	public PrometheusApi prometheus(String url) {
		return new PrometheusApi(this.http, url);
	}

	@Override
	public GrafanaApi grafana(String url) {
		return new GrafanaApi(this.http, url);
	}

	@Override
	public ClusterMonitoringAccess cluster() {
		return this.cluster;
	}

}
