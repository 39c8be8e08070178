package org.homelab.rollout.proxmox.steps;

/**
 * Process variable names of restore-test besides the Proxmox ones it shares
 * ({@code vmName} is the scratch VM there, {@code vmid} and {@code proxmoxNode} its VMID
 * and node).
 */
public final class RestoreTestVariables {

	/** In: the name of the VM whose newest backup is restored (the original). */
	public static final String VM = "restoreVm";

	/**
	 * In: the service check run in the restored copy, a script of
	 * deploy/backup/restore-checks without {@code .sh} (vault, gitlab-ce, prometheus,
	 * ansible, generic).
	 */
	public static final String CHECK = "restoreCheck";

	/** Internal: whether the original VM and a backup of it were found. */
	public static final String BACKUP_FOUND = "restoreBackupFound";

	/** Internal: why there is nothing to restore (no VM, no backup, no storage). */
	public static final String PROBLEM = "restoreProblem";

	/** Internal: the original VM's VMID. */
	public static final String ORIGINAL_VMID = "restoreOriginalVmid";

	/** Internal: the newest backup's volid, the restore's archive. */
	public static final String ARCHIVE = "restoreArchive";

	/** Internal: when that backup was taken (ISO 8601). */
	public static final String BACKUP_TIME = "restoreBackupTime";

	/**
	 * Internal: true when restore-backup found this run's scratch VM (a retry or re-run)
	 * and restored nothing.
	 */
	public static final String ADOPTED = "restoreScratchAdopted";

	/** Out: whether the restore test passed. */
	public static final String MET = "restoreTestMet";

	/** Out: what was restored and checked, or what failed (never a secret). */
	public static final String RESULT = "restoreTestResult";

	private RestoreTestVariables() {
	}

}
