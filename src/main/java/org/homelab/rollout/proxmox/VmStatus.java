package org.homelab.rollout.proxmox;

/**
 * The current state of a guest: {@code status} is "running" or "stopped"; {@code lock}
 * null when unlocked.
 */
public record VmStatus(int vmid, String name, String status, String lock, boolean agentConfigured, long uptime) {

	public boolean running() {
		return "running".equals(this.status);
	}

}
