package org.homelab.rollout.inventory;

import java.util.List;
import java.util.Optional;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * The K3s cluster: its nodes as the plan names them, the kubeconfig to reach it (a file,
 * or its content), an optional context, and a server override (K3s writes 127.0.0.1 into
 * its kubeconfig). {@code placement} says which node each workload of the plan goes to:
 * ArgoCD on the control plane, the GPU runner on the GPU worker, the general runner on
 * the other worker.
 */
public record K3sCluster(String kubeconfig, String kubeconfigContent, String context, String serverOverride,
		@Valid @NotEmpty List<K3sNode> nodes, @Valid @NotNull Placement placement) {

	public Optional<K3sNode> node(String name) {
		return this.nodes.stream().filter(node -> node.name().equals(name)).findFirst();
	}

	public record K3sNode(@NotBlank @Pattern(regexp = ProxmoxSite.NODE_NAME) String name, @NotNull Role role,
			boolean gpu) {

	}

	public enum Role {

		CONTROL_PLANE, WORKER

	}

	public record Placement(@NotBlank String argocd, @NotBlank String runnerGpu, @NotBlank String runnerGeneral) {
	}

}
