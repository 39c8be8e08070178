package org.homelab.rollout.proxmox;

/**
 * The entry point to Proxmox VE: one narrow operations interface per concern. Every call
 * is one HTTP request; long operations answer a {@link Upid} the caller waits for through
 * {@link #tasks(String)}.
 */
public interface ProxmoxOperations {

	ProxmoxClusterOperations cluster();

	/** The QEMU guests of one node. */
	ProxmoxVmOperations vms(String node);

	/** The worker tasks of one node (clone, start, resize, ...). */
	ProxmoxTaskOperations tasks(String node);

	/** The QEMU guest agent of guests on one node. */
	ProxmoxAgentOperations agent(String node);

	/** The firewall of the QEMU guests of one node. */
	ProxmoxFirewallOperations firewall(String node);

	/** Users, API tokens and the ACL of the cluster. */
	ProxmoxAccessOperations access();

	/** The cluster's storage entries (storage.cfg) and their state on a node. */
	ProxmoxStorageOperations storage();

	/** Backup jobs, backups run now, and restores. */
	ProxmoxBackupOperations backups();

}
