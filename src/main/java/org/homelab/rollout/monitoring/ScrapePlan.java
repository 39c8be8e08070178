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
 * @param gitlab Phase 2's GitLab CE and its runners, or null while Prometheus does not
 * scrape them
 */
public record ScrapePlan(String self, List<NodeTarget> nodes, String apiServer, String engine, String vault,
		boolean vaultCa, String grafana, Duration scrapeInterval, GitlabTargets gitlab) {

	public ScrapePlan {
		nodes = List.copyOf(nodes);
	}

	/**
	 * This plan with GitLab's targets (null: without), its node exporter among the nodes.
	 */
	public ScrapePlan withGitlab(GitlabTargets targets) {
		List<NodeTarget> without = this.nodes.stream().filter(n -> !GitlabTargets.GROUP.equals(n.group())).toList();
		List<NodeTarget> with = new java.util.ArrayList<>(without);
		if (targets != null) {
			with.add(targets.node());
		}
		return new ScrapePlan(this.self, with, this.apiServer, this.engine, this.vault, this.vaultCa, this.grafana,
				this.scrapeInterval, targets);
	}

	/**
	 * One node exporter: the node's name, its group (k3s, proxmox, frontend) and
	 * host:port.
	 */
	public record NodeTarget(String node, String group, String target) {
	}

}
