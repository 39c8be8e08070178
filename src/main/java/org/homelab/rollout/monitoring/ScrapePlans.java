package org.homelab.rollout.monitoring;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.inventory.K3sCluster.K3sNode;
import org.homelab.rollout.inventory.PlannedVm;

/**
 * Resolves what Prometheus scrapes from the inventory, the monitoring settings and the
 * cluster's own answers.
 */
public final class ScrapePlans {

	private final Inventory inventory;

	private final MonitoringProperties properties;

	public ScrapePlans(Inventory inventory, MonitoringProperties properties) {
		this.inventory = inventory;
		this.properties = properties;
	}

	/**
	 * @param prometheusAddress the Prometheus VM's address
	 * @param k3sNodeAddresses node name to InternalIP as K3s reports them; every
	 * inventory node must be there
	 * @param apiServer the K3s API server URL
	 * @param vault Vault's URL, or null
	 * @param vaultCa whether Vault's CA is written next to the configuration
	 */
	public ScrapePlan plan(String prometheusAddress, Map<String, String> k3sNodeAddresses, String apiServer, URI vault,
			boolean vaultCa) {
		List<ScrapePlan.NodeTarget> nodes = new ArrayList<>();
		int port = this.properties.nodeExporterPort();
		for (K3sNode node : this.inventory.k3s().nodes()) {
			String ip = k3sNodeAddresses.get(node.name());
			if (ip == null) {
				throw new MonitoringException("K3s reports no node '" + node.name() + "' with an InternalIP (it "
						+ "reports " + k3sNodeAddresses.keySet() + "): join the node, or fix inventory.k3s.nodes.");
			}
			nodes.add(new ScrapePlan.NodeTarget(node.name(), "k3s", ip + ":" + port));
		}
		for (String node : this.inventory.proxmox().nodes()) {
			nodes.add(new ScrapePlan.NodeTarget(node, "proxmox", this.properties.proxmoxNodeTargets()
				.getOrDefault(node, node + "." + this.inventory.network().dnsDomain() + ":" + port)));
		}
		nodes.add(new ScrapePlan.NodeTarget(this.inventory.frontend().vmName(), "frontend",
				this.inventory.frontend().address() + ":" + port));
		String engine = blank(this.properties.engineTarget())
				? "rollout." + this.inventory.network().dnsDomain() + ":8080" : this.properties.engineTarget();
		String vaultTarget = (vault == null) ? null
				: vault.getHost() + ":" + ((vault.getPort() > 0) ? vault.getPort() : 443);
		return new ScrapePlan(prometheusAddress + ":" + this.properties.prometheusPort(), nodes, apiServer, engine,
				vaultTarget, vaultCa, grafanaTarget(), this.properties.scrapeInterval(), null, null, null);
	}

	/**
	 * Phase 2's targets: the inventory's {@code gitlab-ce} VM (its planned address, else
	 * {@code gitlab-ce.<dns-domain>}) and the runners' metrics Services.
	 * @throws MonitoringException when the inventory has no such VM
	 */
	public GitlabTargets gitlab() {
		PlannedVm vm = this.inventory.vm(GitlabTargets.VM)
			.orElseThrow(() -> new MonitoringException("The inventory has no VM '" + GitlabTargets.VM
					+ "' for Prometheus to scrape GitLab on: add it to inventory.vms (Phase 2), or leave GitLab out."));
		String host = (vm.address() != null) ? vm.address()
				: GitlabTargets.VM + "." + this.inventory.network().dnsDomain();
		return GitlabTargets.of(host, this.properties.nodeExporterPort());
	}

	/**
	 * Phase 3's targets: Argo CD's application controller through the API server, and the
	 * inventory's {@code ansible} VM (its planned address, else
	 * {@code ansible.<dns-domain>}) when planned; Argo CD runs in K3s and needs no VM.
	 */
	public GitopsTargets gitops() {
		String host = this.inventory.vm(GitopsTargets.ANSIBLE_VM)
			.map(vm -> (vm.address() != null) ? vm.address()
					: GitopsTargets.ANSIBLE_VM + "." + this.inventory.network().dnsDomain())
			.orElse(null);
		return GitopsTargets.of(host, this.properties.nodeExporterPort());
	}

	/**
	 * Phase 4's target: the PBS exporter on the inventory's {@code proxmox-backup} VM
	 * (its planned address, else {@code proxmox-backup.<dns-domain>}).
	 * @throws MonitoringException when the inventory has no such VM
	 */
	public BackupTargets backup() {
		PlannedVm vm = this.inventory.vm(BackupTargets.VM)
			.orElseThrow(() -> new MonitoringException("The inventory has no VM '" + BackupTargets.VM
					+ "' for Prometheus to scrape Proxmox Backup Server's exporter on: add it to inventory.vms "
					+ "(Phase 4), or leave the backups out."));
		return BackupTargets
			.of((vm.address() != null) ? vm.address() : BackupTargets.VM + "." + this.inventory.network().dnsDomain());
	}

	/** Whether the inventory plans Phase 2's GitLab VM. */
	public boolean gitlabPlanned() {
		return this.inventory.vm(GitlabTargets.VM).isPresent();
	}

	/**
	 * The Prometheus VM's address from the inventory (a static plan), or null under DHCP.
	 */
	public String plannedPrometheusAddress() {
		return this.inventory.vm(this.properties.prometheusVm()).map(PlannedVm::address).orElse(null);
	}

	/** The Prometheus VM's DNS name, {@code prometheus.<dns-domain>}. */
	public String prometheusHost() {
		return this.properties.prometheusVm() + "." + this.inventory.network().dnsDomain();
	}

	public String prometheusUrl(String address) {
		return "http://" + address + ":" + this.properties.prometheusPort();
	}

	public String grafanaUrl() {
		return "http://" + grafanaTarget();
	}

	/**
	 * The inventory nodes whose exporter must be up: K3s nodes, Proxmox nodes, the
	 * frontend server.
	 */
	public List<String> inventoryNodes() {
		List<String> nodes = new ArrayList<>();
		this.inventory.k3s().nodes().forEach(node -> nodes.add(node.name()));
		nodes.addAll(this.inventory.proxmox().nodes());
		nodes.add(this.inventory.frontend().vmName());
		return nodes;
	}

	private String grafanaTarget() {
		return this.inventory.frontend().address() + ":" + this.properties.grafanaPort();
	}

	private static boolean blank(String text) {
		return text == null || text.isBlank();
	}

}
