package org.homelab.rollout.backup;

/**
 * The Proxmox Backup Server client: its version and the per-concern operations, all
 * sharing one signed-in, TLS-verifying HTTP client.
 */
public interface ProxmoxBackupOperations {

	/** @see "GET /version" */
	PbsVersion version();

	/**
	 * Whether the server answers at all (no sign-in needed).
	 * @see "GET /ping"
	 */
	boolean ping();

	PbsDatastoreOperations datastores();

	PbsAccessOperations access();

	PbsJobOperations jobs();

	PbsTaskOperations tasks();

}
