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
 * @param gitops Phase 3's Argo CD and ansible VM, or null while Prometheus does not
 * scrape them
 * @param backup Phase 4's PBS exporter, or null while Prometheus does not scrape it
 */
public record ScrapePlan(String self, List<NodeTarget> nodes, String apiServer, String engine, String vault,
		boolean vaultCa, String grafana, Duration scrapeInterval, GitlabTargets gitlab, GitopsTargets gitops,
		BackupTargets backup) {

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
				this.scrapeInterval, targets, this.gitops, this.backup);
	}

	/**
	 * This plan with Phase 3's targets (null: without), the ansible VM's node exporter
	 * among the nodes.
	 */
	public ScrapePlan withGitops(GitopsTargets targets) {
		List<NodeTarget> with = new java.util.ArrayList<>(
				this.nodes.stream().filter(n -> !GitopsTargets.ANSIBLE_GROUP.equals(n.group())).toList());
		if (targets != null && targets.ansible() != null) {
			with.add(targets.ansible());
		}
		return new ScrapePlan(this.self, with, this.apiServer, this.engine, this.vault, this.vaultCa, this.grafana,
				this.scrapeInterval, this.gitlab, targets, this.backup);
	}

	/** This plan with Phase 4's PBS exporter (null: without). */
	public ScrapePlan withBackup(BackupTargets targets) {
		return new ScrapePlan(this.self, this.nodes, this.apiServer, this.engine, this.vault, this.vaultCa,
				this.grafana, this.scrapeInterval, this.gitlab, this.gitops, targets);
	}

	/**
	 * One node exporter: the node's name, its group (k3s, proxmox, frontend) and
	 * host:port.
	 */
	public record NodeTarget(String node, String group, String target) {
	}

}
