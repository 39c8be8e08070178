package org.homelab.rollout.monitoring;

/**
 * The entry point to the monitoring systems: one narrow client per server, and
 * Prometheus's access to K3s.
 */
public interface MonitoringOperations {

	PrometheusOperations prometheus(String url);

	GrafanaOperations grafana(String url);

	ClusterMonitoringAccess cluster();

}
