package org.homelab.rollout.proxmox;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Timeouts of calls to Proxmox VE. Every call is short (long work runs in PVE tasks), so
 * a call that takes longer than {@code readTimeout} counts as a transient fault and is
 * retried. A call PVE answered with a transient fault it did not act on (503, a cluster
 * file system lock timeout, a locked VM), and a read failing transiently in any way, is
 * repeated at once up to {@code requestRetries} times in the client, before the step's
 * own retry (a job retry with back-off) takes over: a step of many calls would otherwise
 * fail whenever any one of them does.
 */
@ConfigurationProperties("rollout.proxmox.client")
public record ProxmoxClientProperties(@DefaultValue("10s") Duration connectTimeout,
		@DefaultValue("30s") Duration readTimeout, @DefaultValue("2") int requestRetries) {

}
