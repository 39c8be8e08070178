package org.homelab.rollout.inventory;

import java.util.List;
import java.util.Optional;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * The homelab as the plan describes it. Defaults (in {@code application.yaml}) describe
 * the plan's homelab; an operator overrides them in their own YAML or with
 * {@code INVENTORY_…} environment variables. Holds references to secrets (files,
 * environment variable names), never secret values.
 */
@Validated
@ConsistentInventory
@ConfigurationProperties("inventory")
public record Inventory(@Valid @NotNull ProxmoxSite proxmox, @Valid @NotNull NetworkPlan network,
		@Valid @NotNull K3sCluster k3s, @Valid @NotNull FrontendServer frontend, @Valid @NotEmpty List<PlannedVm> vms) {

	/** The plan's VM names: each must have an entry. */
	public static final List<String> PLANNED_VMS = List.of("prometheus", "vault", "gitlab-ce", "ansible",
			"proxmox-backup");

	public Optional<PlannedVm> vm(String name) {
		return this.vms.stream().filter(vm -> vm.name().equals(name)).findFirst();
	}

}
