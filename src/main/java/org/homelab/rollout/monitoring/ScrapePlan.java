package org.homelab.rollout.monitoring;

import java.time.Duration;
import java.util.List;

/**
 * What Prometheus scrapes, resolved to addresses: the facts {@link PrometheusConfig}
 * turns into prometheus.yml.
 *
 * @param self Prometheus's own host:port
 * @param nodes node exporters (K3s nodes, Proxmox nodes, the frontend server)
 * @param apiServer the K3s API server URL (https)
 * @param engine host:port of this engine's actuator
 * @param vault host:port of Vault (https), or null to leave Vault out
 * @param vaultCa whether a CA file for Vault's certificate is written next to the
 * configuration
 * @param scrapeInterval how often every target is scraped and rules evaluated
 * @param grafana host:port of Grafana
 */
public record ScrapePlan(String self, List<NodeTarget> nodes, String apiServer, String engine, String vault,
		boolean vaultCa, String grafana, Duration scrapeInterval) {

	public ScrapePlan {
		nodes = List.copyOf(nodes);
	}

	/**
	 * One node exporter: the node's name, its group (k3s, proxmox, frontend) and
	 * host:port.
	 */
	public record NodeTarget(String node, String group, String target) {
	}

}
