package org.homelab.rollout.proxmox.steps;

/**
 * Process variable names of backup-setup and backup-remove (Proxmox VE's side of Phase
 * 4's backups), shared by delegates, models and tests.
 */
public final class BackupSetupVariables {

	/** In: the Proxmox Backup Server's host name or address, as PVE reaches it. */
	public static final String PBS_ADDRESS = "pbsAddress";

	/**
	 * In: the PBS certificate's SHA-256 fingerprint (colon-separated hex), pinned in the
	 * storage entry. Not a secret.
	 */
	public static final String PBS_FINGERPRINT = "pbsFingerprint";

	/**
	 * In: the Vault path of PVE's API token for PBS
	 * ({@code services/proxmox-backup/pve-token}, with or without the KV mount in front),
	 * keys {@value BackupSetupSteps#TOKEN_ID_KEY} and
	 * {@value BackupSetupSteps#SECRET_KEY}. Only the path travels; the secret is read
	 * inside the storage step and sent to PVE only.
	 */
	public static final String PBS_TOKEN_PATH = "pbsTokenPath";

	/** Out: true when this run created PVE's pbs storage entry, false when adopted. */
	public static final String STORAGE_CREATED = "backupStorageCreated";

	/** Out: true when this run created the backup job, false when adopted or updated. */
	public static final String JOB_CREATED = "backupJobCreated";

	/** Out: the backup job's id on /cluster/backup. */
	public static final String JOB_ID = "backupJobId";

	/** Out: the VMs the job covers, comma-separated names, in VMID order. */
	public static final String VMS = "backedUpVms";

	/** Out: their VMIDs, comma-separated, in the same order. */
	public static final String VMIDS = "backupVmids";

	/** Out: how many of them have this run's first backup on the storage (Integer). */
	public static final String COMPLETED = "backupsCompleted";

	/**
	 * Out: this run's snapshots, comma-separated volids (backup-remove deletes only
	 * these, and only when asked).
	 */
	public static final String VOLUMES = "backupVolumes";

	/**
	 * Internal: the newest backup of each VM before this run's ({@code vmid=volid}, ';'
	 * separated), so the check tells this run's snapshot from older ones.
	 */
	public static final String BEFORE = "backupsBefore";

	/**
	 * Internal: the nodes whose VMs this run's first backups were started on
	 * (comma-separated).
	 */
	public static final String NODES_STARTED = "backupNodesStarted";

	/** Internal: whether VMs on another node still wait for their first backup. */
	public static final String PENDING = "backupsPending";

	/** Set by the error boundary of the backup wait: what Proxmox said. */
	public static final String ERROR = ProxmoxVariables.ERROR;

	/**
	 * Internal: the failure's message, which the error end event hands on with
	 * {@code BACKUP_FAILED}.
	 */
	public static final String FAILURE = "backupError";

	/** In (backup-remove), optional: also delete this run's snapshots (default false). */
	public static final String DELETE_BACKUPS = "deleteBackups";

	/** BPMN error code: a backup failed or is missing; the message names the VM. */
	public static final String FAILED = "BACKUP_FAILED";

	private BackupSetupVariables() {
	}

}
