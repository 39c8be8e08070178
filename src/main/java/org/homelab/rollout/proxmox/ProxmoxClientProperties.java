package org.homelab.rollout.proxmox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Timeouts of calls to Proxmox VE. Every call is short (long work runs in PVE tasks), so
 * a call that takes longer than {@code readTimeout} counts as a transient fault and is
 * retried.
 */
@ConfigurationProperties("rollout.proxmox.client")
public record ProxmoxClientProperties(@DefaultValue("10s") Duration connectTimeout,
		@DefaultValue("30s") Duration readTimeout) {
}
