package org.homelab.rollout.kubernetes;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.homelab.rollout.inventory.FrontendServer;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.inventory.K3sCluster;
import org.homelab.rollout.inventory.K3sCluster.K3sNode;
import org.homelab.rollout.inventory.K3sCluster.Placement;
import org.homelab.rollout.inventory.K3sCluster.Role;
import org.homelab.rollout.inventory.NetworkPlan;
import org.homelab.rollout.inventory.PlannedVm;

/**
 * The plan's homelab as the inventory describes it (Proxmox left out: the Kubernetes
 * client never reads it).
 */
final class TestInventory {

	private TestInventory() {
	}

	static Inventory plan(String kubeconfigContent) {
		K3sCluster k3s = new K3sCluster(
				"", kubeconfigContent, null, null, List.of(new K3sNode("k3s-cp-1", Role.CONTROL_PLANE, false),
						new K3sNode("k3s-w-1", Role.WORKER, true), new K3sNode("k3s-w-2", Role.WORKER, false)),
				new Placement("k3s-cp-1", "k3s-w-1", "k3s-w-2"));
		NetworkPlan network = new NetworkPlan(NetworkPlan.Mode.STATIC, "192.168.1.0/24", "192.168.1.1", "homelab.lan",
				List.of("192.168.1.1"));
		List<PlannedVm> vms = List.of(new PlannedVm("vault", 4, 8192, 50, "192.168.1.22"),
				new PlannedVm("gitlab-ce", 4, 8192, 100, "192.168.1.23"));
		return new Inventory(null, network, k3s, new FrontendServer("frontend.homelab.lan", "192.168.1.10"), vms);
	}

	static KubernetesProperties properties() {
		return new KubernetesProperties("kube-system", 1, Duration.ofMinutes(10), Path.of("deploy/helm-values"), 15, 0);
	}

}
