package org.homelab.rollout.backup.steps;

/**
 * The process variables of pbs-install and pbs-remove: addresses, ids, Vault paths and
 * what a run created. Never a password or a token's secret.
 */
public final class PbsVariables {

	/** The VM PBS runs on (the plan's {@code proxmox-backup}). */
	public static final String VM_NAME = "vmName";

	/** The PBS VM's address (its API at {@code https://<address>:8007}). */
	public static final String ADDRESS = "pbsAddress";

	/** The SHA-256 of PBS's certificate ({@code proxmox-backup-manager cert info}). */
	public static final String FINGERPRINT = "pbsFingerprint";

	/** The datastore (inventory.backup.datastore). */
	public static final String DATASTORE = "pbsDatastore";

	/**
	 * The Vault path of Proxmox VE's backup token (keys {@code secret},
	 * {@code token-id}).
	 */
	public static final String TOKEN_PATH = "pbsTokenPath";

	/** Its id, {@code pve-backup@pbs!pve}: not secret. */
	public static final String TOKEN_ID = "pbsTokenId";

	/** Whether this run installed the package (false: adopted). */
	public static final String PACKAGE_INSTALLED = "pbsPackageInstalled";

	/** Whether this run added the datastore's disk to the VM. */
	public static final String DISK_ADDED = "pbsDiskAdded";

	/** The datastore's disk (inventory.backup.datastore-disk, e.g. scsi1). */
	public static final String DISK = "pbsDisk";

	public static final String DATASTORE_CREATED = "pbsDatastoreCreated";

	public static final String PRUNE_JOB_ID = "pbsPruneJobId";

	public static final String PRUNE_JOB_CREATED = "pbsPruneJobCreated";

	public static final String VERIFY_JOB_ID = "pbsVerifyJobId";

	public static final String VERIFY_JOB_CREATED = "pbsVerifyJobCreated";

	/** The Vault path of the engine's PBS password (key {@code password}). */
	public static final String ENGINE_PASSWORD_PATH = "pbsEnginePasswordPath";

	public static final String ENGINE_PASSWORD_WRITTEN = "pbsEnginePasswordWritten";

	/** Whether this run created the engine's user {@code rollout@pbs}. */
	public static final String ENGINE_USER_CREATED = "pbsEngineUserCreated";

	public static final String PVE_USER_CREATED = "pbsPveUserCreated";

	public static final String PVE_USER_GRANTED = "pbsPveUserGranted";

	public static final String PVE_TOKEN_CREATED = "pbsPveTokenCreated";

	public static final String PVE_TOKEN_GRANTED = "pbsPveTokenGranted";

	/** Whether this run wrote PVE's token into Vault. */
	public static final String PVE_TOKEN_WRITTEN = "pbsPveTokenWritten";

	/** The Vault path of the exporter's token (keys {@code secret}, {@code token-id}). */
	public static final String EXPORTER_TOKEN_PATH = "pbsExporterTokenPath";

	public static final String EXPORTER_USER_CREATED = "pbsExporterUserCreated";

	public static final String EXPORTER_USER_GRANTED = "pbsExporterUserGranted";

	public static final String EXPORTER_TOKEN_CREATED = "pbsExporterTokenCreated";

	public static final String EXPORTER_TOKEN_GRANTED = "pbsExporterTokenGranted";

	public static final String EXPORTER_TOKEN_WRITTEN = "pbsExporterTokenWritten";

	/** Whether this run installed the exporter's unit. */
	public static final String EXPORTER_INSTALLED = "pbsExporterInstalled";

	/** A PBS worker task a wait watches. */
	public static final String TASK = "pbsTask";

	/**
	 * pbs-remove: whether the datastore's data (and its disk, if this run added it) go
	 * too.
	 */
	public static final String DELETE_BACKUPS = "deleteBackups";

	/** pbs-remove: what it removed, for a person. */
	public static final String REMOVED = "pbsRemoved";

	/** The BPMN error of a PBS step a person must act on. */
	public static final String FAILED = "PBS_FAILED";

	private PbsVariables() {
	}

}
