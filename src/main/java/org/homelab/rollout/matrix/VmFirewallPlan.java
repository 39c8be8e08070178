package org.homelab.rollout.matrix;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.homelab.rollout.inventory.AccessSources;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.inventory.PlannedVm;
import org.homelab.rollout.proxmox.FirewallRule;

/**
 * The firewall rules each VM of the rollout needs, derived from the matrix and the
 * inventory: only the ports its services serve, only from the sources that need them.
 * Inbound is dropped otherwise (the VM's policy), so what this leaves out stays closed.
 * <ul>
 * <li>every UI from the frontend server (Nginx and Authelia stand in front of it);</li>
 * <li>a service ✅ Prometheus: its metrics port from the Prometheus VM; every VM's node
 * exporter from the Prometheus VM;</li>
 * <li>Prometheus ✅ Grafana: Prometheus's API from Grafana's host (its datasource);</li>
 * <li>a service ✅ Vault or ✅ GitLab CE: that API from the service's host (K3s workloads
 * from every K3s node); External Secrets Operator (Phase 1, on K3s) reads Vault;</li>
 * <li>the APIs this engine calls (Prometheus and Vault for the criteria and secrets,
 * GitLab CE for commits, Proxmox Backup Server for its datastore, jobs and tokens) from
 * the engine's address;</li>
 * <li>Proxmox Backup Server's API (8007) from the Proxmox VE node, whose vzdump and
 * restores reach it, and from the frontend (its UI behind the front door), from nowhere
 * else.</li>
 * </ul>
 * Under DHCP a VM's address is not planned: a rule from it takes the network's CIDR.
 */
public final class VmFirewallPlan {

	/**
	 * Services whose API the others use when the matrix says they integrate with them.
	 */
	static final Set<Service> USED_BY_API = EnumSet.of(Service.VAULT, Service.GITLAB_CE);

	/** Services whose API this engine calls. */
	static final Set<Service> CALLED_BY_ENGINE = EnumSet.of(Service.PROMETHEUS, Service.VAULT, Service.GITLAB_CE,
			Service.PROXMOX_BACKUP);

	/**
	 * GitLab's container registry behind its own nginx
	 * ({@code registry_nginx['listen_port']}, deploy/gitlab/gitlab.rb.template), reached
	 * through the front door.
	 */
	static final int GITLAB_REGISTRY = 5050;

	/** External Secrets Operator, on K3s from Phase 1 (the plan's secrets management). */
	static final int ESO_PHASE = 1;

	private final IntegrationMatrix matrix;

	private final Inventory inventory;

	private final AccessSources access;

	public VmFirewallPlan(IntegrationMatrix matrix, Inventory inventory, AccessSources access) {
		this.matrix = matrix;
		this.inventory = inventory;
		this.access = access;
	}

	/**
	 * The rules of every inventory VM whose services the phases up to {@code phase}
	 * bring.
	 */
	public Map<String, List<FirewallRule>> byVm(int phase) {
		Map<String, List<FirewallRule>> rules = new LinkedHashMap<>();
		for (Service service : this.matrix.servicesBy(phase)) {
			if (service.placement().onVm() && this.inventory.vm(service.placement().vm()).isPresent()) {
				rules.put(service.placement().vm(), rules(service.placement().vm(), phase));
			}
		}
		return rules;
	}

	/**
	 * The rules VM {@code vmName} needs once the phases up to {@code phase} ran; none for
	 * a VM no service of the matrix runs on.
	 */
	public List<FirewallRule> rules(String vmName, int phase) {
		List<FirewallRule> rules = new ArrayList<>();
		String self = address(vmName);
		boolean hosts = false;
		for (Service service : this.matrix.servicesBy(phase)) {
			if (!service.placement().onVm() || !service.placement().vm().equals(vmName)) {
				continue;
			}
			hosts = true;
			Endpoints ports = service.endpoints();
			if (ports.hasUi()) {
				add(rules, self, service, "ui from frontend", ports.ui(), this.inventory.frontend().address());
			}
			if (ports.hasMetrics() && cell(service, Service.PROMETHEUS, phase)) {
				add(rules, self, service, "metrics from prometheus", ports.metrics(), prometheus());
			}
			if (service == Service.GITLAB_CE) {
				// the front door serves the registry's host name; Rails' /-/metrics is on
				// the
				// web port, open to Prometheus (GitLab's monitoring allow-list admits it)
				add(rules, self, service, "registry from frontend", GITLAB_REGISTRY,
						this.inventory.frontend().address());
				if (cell(Service.GITLAB_CE, Service.PROMETHEUS, phase)) {
					add(rules, self, service, "rails metrics from prometheus", ports.api(), prometheus());
				}
			}
			if (service == Service.PROXMOX_BACKUP) {
				add(rules, self, service, "api from proxmox node", ports.api(), proxmoxNode());
			}
			if (service == Service.PROMETHEUS && cell(Service.PROMETHEUS, Service.GRAFANA, phase)) {
				add(rules, self, service, "api from grafana", ports.api(), host(Service.GRAFANA).get(0));
			}
			// one port from one source keeps the rule of the earliest phase that needed
			// it,
			// as vm-firewall-update leaves open what is open: ESO's (Phase 1) before the
			// cells, the cells in the order their phases made them real
			if (service == Service.VAULT && phase >= ESO_PHASE) {
				for (String node : this.access.k3sNodes()) {
					add(rules, self, service, "api from eso " + node, ports.api(), node);
				}
			}
			if (USED_BY_API.contains(service)) {
				for (Cell cell : this.matrix.realBy(phase)
					.stream()
					.sorted(Comparator.comparingInt(Cell::phase))
					.toList()) {
					if (cell.with() == service) {
						for (String source : host(cell.service())) {
							add(rules, self, service, "api from " + cell.service().id() + " " + source, ports.api(),
									source);
						}
					}
				}
			}
			if (CALLED_BY_ENGINE.contains(service)) {
				add(rules, self, service, "api from engine", ports.api(), this.access.engineAddress());
			}
		}
		if (hosts) {
			add(rules, self, vmName, "node-exporter from prometheus", Endpoints.NODE_EXPORTER, prometheus());
		}
		return rules;
	}

	/**
	 * The rules VM {@code vmName} needs when the phase that brings its services creates
	 * it (a later phase that makes more of its cells real ensures those with its number).
	 */
	public List<FirewallRule> rulesWhenCreated(String vmName) {
		int phase = java.util.Arrays.stream(Service.values())
			.filter(service -> service.placement().onVm() && service.placement().vm().equals(vmName))
			.mapToInt(Service::phase)
			.min()
			.orElse(0);
		return (phase == 0) ? List.of() : rules(vmName, phase);
	}

	private boolean cell(Service service, Service with, int phase) {
		return this.matrix.realBy(phase).contains(new Cell(service, with));
	}

	/**
	 * A rule unless the source is the VM itself (its own traffic never crosses its NIC).
	 */
	private static void add(List<FirewallRule> rules, String self, Service service, String what, int port,
			String source) {
		add(rules, self, service.id(), what, port, source);
	}

	private static void add(List<FirewallRule> rules, String self, String owner, String what, int port, String source) {
		if (source == null || source.equals(self)) {
			return;
		}
		FirewallRule rule = FirewallRule.acceptIn(owner, what, "tcp", Integer.toString(port), source);
		// one port from one source once: e.g. the frontend's Nginx and its Grafana
		// datasource
		// both reach Prometheus's 9090, the first rule lets both in
		if (rules.stream().noneMatch(r -> r.dport().equals(rule.dport()) && r.source().equals(source))) {
			rules.add(rule);
		}
	}

	/**
	 * The Proxmox VE node as a rule's source: the API's host when it is an address, else
	 * (a host name the firewall cannot take) the network's CIDR.
	 */
	private String proxmoxNode() {
		String host = (this.inventory.proxmox() != null) ? this.inventory.proxmox().url().getHost() : null;
		return (host != null && host.matches("\\d{1,3}(\\.\\d{1,3}){3}")) ? host : this.inventory.network().cidr();
	}

	private String prometheus() {
		return vmSource(Service.PROMETHEUS.placement().vm());
	}

	/**
	 * A VM as a rule's source: its planned address, or under DHCP (no address planned)
	 * the network's CIDR, so the port stays open to the VM that needs it wherever DHCP
	 * puts it.
	 */
	private String vmSource(String vmName) {
		String address = address(vmName);
		return (address != null) ? address : this.inventory.network().cidr();
	}

	/** Where a service's calls come from: its VM, the frontend, or every K3s node. */
	private List<String> host(Service service) {
		return switch (service.placement().kind()) {
			case VM -> List.of(vmSource(service.placement().vm()));
			case FRONTEND -> List.of(this.inventory.frontend().address());
			case K3S -> this.access.k3sNodes();
		};
	}

	private String address(String vmName) {
		return this.inventory.vm(vmName).map(PlannedVm::address).orElse(null);
	}

}
