package org.homelab.rollout.inventory;

import jakarta.validation.constraints.NotBlank;

/** The existing frontend server (Nginx, Authelia, Grafana per the plan), reached by name and address. */
public record FrontendServer(@NotBlank String host, @NotBlank String address) {
}
