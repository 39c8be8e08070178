package org.homelab.rollout.inventory;

import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Addresses the firewall rules of the rollout's VMs let in besides the frontend and the
 * Prometheus VM (which the inventory already names): where this engine runs (it calls
 * Vault's and Prometheus's APIs) and the K3s nodes (External Secrets Operator reaches
 * Vault from them). Addresses or CIDRs, as a Proxmox firewall rule's source takes them.
 *
 * @param engineAddress the host this engine runs on
 * @param k3sNodes the K3s nodes' addresses
 */
@Validated
@ConfigurationProperties("inventory.access")
public record AccessSources(@NotBlank String engineAddress, @NotEmpty List<@NotBlank String> k3sNodes) {

}
