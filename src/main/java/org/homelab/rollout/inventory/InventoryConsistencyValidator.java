package org.homelab.rollout.inventory;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import org.homelab.rollout.inventory.K3sCluster.K3sNode;
import org.homelab.rollout.inventory.K3sCluster.Role;

/**
 * Cross-property checks. Each violation is reported on the property an operator has to
 * fix, so the start-up failure names it (e.g. {@code vms[2].address}). Null parts are
 * left to the field constraints.
 */
class InventoryConsistencyValidator implements ConstraintValidator<ConsistentInventory, Inventory> {

	@Override
	public boolean isValid(Inventory inventory, ConstraintValidatorContext context) {
		Violations violations = new Violations(context);
		if (inventory.proxmox() != null) {
			checkProxmox(inventory.proxmox(), violations);
		}
		if (inventory.network() != null && inventory.vms() != null) {
			checkNetwork(inventory.network(), inventory.vms(), violations);
		}
		if (inventory.vms() != null) {
			checkVms(inventory.vms(), violations);
		}
		if (inventory.k3s() != null && inventory.k3s().nodes() != null) {
			checkK3s(inventory.k3s(), violations);
		}
		return violations.none();
	}

	private void checkProxmox(ProxmoxSite proxmox, Violations violations) {
		if (proxmox.url() != null && !"https".equals(proxmox.url().getScheme())) {
			violations.add("proxmox.url", "must be an https URL (Proxmox VE serves its API over TLS only)");
		}
		if (isBlank(proxmox.caFile()) && isBlank(proxmox.fingerprint())) {
			violations.add("proxmox.fingerprint",
					"set either proxmox.ca-file or proxmox.fingerprint: TLS to Proxmox is always verified");
		}
	}

	private void checkNetwork(NetworkPlan network, List<PlannedVm> vms, Violations violations) {
		Optional<Ipv4.Cidr> cidr = Ipv4.Cidr.parse(network.cidr());
		if (cidr.isEmpty()) {
			violations.add("network.cidr",
					"must be an IPv4 block such as 192.168.1.0/24, was '" + network.cidr() + "'");
			return;
		}
		Optional<Ipv4> gateway = Ipv4.parse(network.gateway());
		if (gateway.isEmpty() || !cidr.get().contains(gateway.get())) {
			violations.add("network.gateway", "must be an IPv4 address inside " + network.cidr());
		}
		for (int i = 0; network.nameservers() != null && i < network.nameservers().size(); i++) {
			if (Ipv4.parse(network.nameservers().get(i)).isEmpty()) {
				violations.add("network.nameservers[" + i + "]", "must be an IPv4 address");
			}
		}
		if (network.mode() == NetworkPlan.Mode.STATIC) {
			checkStaticAddresses(cidr.get(), vms, violations);
		}
	}

	private void checkStaticAddresses(Ipv4.Cidr cidr, List<PlannedVm> vms, Violations violations) {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < vms.size(); i++) {
			String address = vms.get(i).address();
			Optional<Ipv4> parsed = Ipv4.parse(address);
			if (parsed.isEmpty() || !cidr.contains(parsed.get())) {
				violations.add("vms[" + i + "].address",
						"must be an IPv4 address inside the network plan's cidr (the plan is static), was '" + address
								+ "'");
			}
			else if (!seen.add(address)) {
				violations.add("vms[" + i + "].address", "is already given to another VM: " + address);
			}
		}
	}

	private void checkVms(List<PlannedVm> vms, Violations violations) {
		Set<String> names = new HashSet<>();
		for (int i = 0; i < vms.size(); i++) {
			if (vms.get(i).name() != null && !names.add(vms.get(i).name())) {
				violations.add("vms[" + i + "].name", "duplicate VM name '" + vms.get(i).name() + "'");
			}
		}
		for (String planned : Inventory.PLANNED_VMS) {
			if (!names.contains(planned)) {
				violations.add("vms", "has no entry for the plan's VM '" + planned + "'");
			}
		}
	}

	private void checkK3s(K3sCluster k3s, Violations violations) {
		if (isBlank(k3s.kubeconfig()) && isBlank(k3s.kubeconfigContent())) {
			violations.add("k3s.kubeconfig", "set either k3s.kubeconfig (a file) or k3s.kubeconfig-content");
		}
		Set<String> names = new HashSet<>();
		for (int i = 0; i < k3s.nodes().size(); i++) {
			if (k3s.nodes().get(i).name() != null && !names.add(k3s.nodes().get(i).name())) {
				violations.add("k3s.nodes[" + i + "].name", "duplicate node name '" + k3s.nodes().get(i).name() + "'");
			}
		}
		if (k3s.nodes().stream().noneMatch(node -> node.role() == Role.CONTROL_PLANE)) {
			violations.add("k3s.nodes", "needs a node with role control-plane (k3s-cp-1 in the plan)");
		}
		if (k3s.placement() != null) {
			checkPlacement(k3s, violations);
		}
	}

	private void checkPlacement(K3sCluster k3s, Violations violations) {
		K3sCluster.Placement placement = k3s.placement();
		Optional<K3sNode> argocd = known(k3s, placement.argocd(), "k3s.placement.argocd", violations);
		argocd.filter(node -> node.role() != Role.CONTROL_PLANE)
			.ifPresent(node -> violations.add("k3s.placement.argocd",
					"node '" + node.name() + "' is not a control-plane node (the plan puts ArgoCD on k3s-cp-1)"));
		known(k3s, placement.runnerGpu(), "k3s.placement.runner-gpu", violations).filter(node -> !node.gpu())
			.ifPresent(node -> violations.add("k3s.placement.runner-gpu",
					"node '" + node.name() + "' has no GPU (mark it gpu: true or name the GPU worker)"));
		known(k3s, placement.runnerGeneral(), "k3s.placement.runner-general", violations);
	}

	private Optional<K3sNode> known(K3sCluster k3s, String name, String property, Violations violations) {
		if (name == null) {
			return Optional.empty();
		}
		Optional<K3sNode> node = k3s.node(name);
		if (node.isEmpty()) {
			violations.add(property, "names unknown node '" + name + "'; k3s.nodes has "
					+ k3s.nodes().stream().map(K3sNode::name).toList());
		}
		return node;
	}

	private static boolean isBlank(String value) {
		return value == null || value.isBlank();
	}

	/** Collects violations on named properties instead of on the inventory as a whole. */
	private static final class Violations {

		private final ConstraintValidatorContext context;

		private boolean any;

		Violations(ConstraintValidatorContext context) {
			this.context = context;
			context.disableDefaultConstraintViolation();
		}

		void add(String property, String message) {
			this.any = true;
			this.context.buildConstraintViolationWithTemplate(message.replace("{", "\\{").replace("$", "\\$"))
				.addPropertyNode(property)
				.addConstraintViolation();
		}

		boolean none() {
			return !this.any;
		}

	}

}
