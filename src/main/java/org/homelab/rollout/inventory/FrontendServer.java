package org.homelab.rollout.inventory;

import jakarta.validation.constraints.NotBlank;

import org.springframework.boot.context.properties.bind.ConstructorBinding;

/**
 * The existing frontend server (Nginx, Authelia, Grafana per the plan), reached by name
 * and address. It is a VM on Proxmox named {@code vmName} (default {@code frontend}),
 * which the rollout adopts and never deletes.
 */
public record FrontendServer(@NotBlank String host, @NotBlank String address, String vmName) {

	@ConstructorBinding
	public FrontendServer {
		vmName = (vmName == null || vmName.isBlank()) ? "frontend" : vmName;
	}

	public FrontendServer(String host, String address) {
		this(host, address, null);
	}

}
