package org.homelab.rollout.proxmox;

/**
 * A node's capacity as {@code GET /nodes/{node}/status} reports it: its CPU threads and
 * its memory in bytes, total and used.
 */
public record NodeStatus(String node, int cpus, long memoryTotal, long memoryUsed) {

	public long memoryFree() {
		return Math.max(0, this.memoryTotal - this.memoryUsed);
	}

}
