package org.homelab.rollout.proxmox;

/** Cluster-wide calls. */
public interface ProxmoxClusterOperations {

	/**
	 * The next free VMID. Two callers may get the same one; the clone of the second then
	 * fails with "already exists" ({@link ProxmoxApiException#alreadyExists()}).
	 * @see <a href="https://pve.proxmox.com/pve-docs/api-viewer/#/cluster/nextid">GET
	 * /cluster/nextid</a>
	 */
	int nextId();

	/**
	 * Whether no guest has this VMID (at the time of the check): PVE answers
	 * {@code nextid?vmid=N} with N if free, else 400 "VM N already exists".
	 * @see <a href="https://pve.proxmox.com/pve-docs/api-viewer/#/cluster/nextid">GET
	 * /cluster/nextid</a>
	 */
	boolean isFree(int vmid);

	/**
	 * The Proxmox VE version, e.g. {@code 9.1.1}: the cheapest call that proves the URL,
	 * the pinned certificate and the token.
	 * @see <a href="https://pve.proxmox.com/pve-docs/api-viewer/#/version">GET
	 * /version</a>
	 */
	String version();

	/**
	 * The node's CPUs and memory.
	 * @see <a href=
	 * "https://pve.proxmox.com/pve-docs/api-viewer/#/nodes/{node}/status">GET
	 * /nodes/{node}/status</a>
	 */
	NodeStatus nodeStatus(String node);

}
