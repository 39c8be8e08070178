package org.homelab.rollout.rehearsal.kubernetes;

import java.util.List;

/**
 * The simulated K3s cluster's shape: API server port (0 for an ephemeral one), the K3s
 * version it reports and the nodes of the plan. The defaults are the plan's three VMs:
 * one control plane, a GPU worker and a plain worker.
 */
public record KubernetesLabSettings(int port, String k3sVersion, List<Node> nodes) {

	/** A node: {@code gpus} is its {@code nvidia.com/gpu} capacity (0 for none). */
	public record Node(String name, String internalIp, boolean controlPlane, int gpus) {
	}

	public KubernetesLabSettings {
		nodes = List.copyOf(nodes);
	}

	public static KubernetesLabSettings defaults() {
		return new KubernetesLabSettings(0, "v1.33.5+k3s1", List.of(new Node("k3s-cp-1", "127.0.10.30", true, 0),
				new Node("k3s-w-1", "127.0.10.31", false, 1), new Node("k3s-w-2", "127.0.10.32", false, 0)));
	}

	public KubernetesLabSettings withPort(int port) {
		return new KubernetesLabSettings(port, this.k3sVersion, this.nodes);
	}

}
