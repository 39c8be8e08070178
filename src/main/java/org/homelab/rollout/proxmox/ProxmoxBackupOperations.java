package org.homelab.rollout.proxmox;

import java.util.List;
import java.util.Optional;

/**
 * Backups of QEMU guests: the cluster's scheduled backup jobs, a backup run now, and
 * restores of a backup into a new guest.
 */
public interface ProxmoxBackupOperations {

	/**
	 * Every scheduled backup job.
	 * @see <a href="https://pve.proxmox.com/pve-docs/api-viewer/#/cluster/backup">GET
	 * /cluster/backup</a>
	 */
	List<BackupJob> jobs();

	/** The job, or empty when there is none. */
	Optional<BackupJob> job(String id);

	/**
	 * Adds a job; an id in use fails with PVE's "Job '…' already exists".
	 * @see <a href="https://pve.proxmox.com/pve-docs/api-viewer/#/cluster/backup">POST
	 * /cluster/backup</a>
	 */
	void createJob(BackupJobRequest job);

	/**
	 * Sets the job's schedule, storage, guests, mode, enabled, notes and notification as
	 * given (other options stay).
	 * @see <a href=
	 * "https://pve.proxmox.com/pve-docs/api-viewer/#/cluster/backup/{id}">PUT
	 * /cluster/backup/{id}</a>
	 */
	void updateJob(BackupJobRequest job);

	/**
	 * Removes the job (not its backups).
	 * @see <a href=
	 * "https://pve.proxmox.com/pve-docs/api-viewer/#/cluster/backup/{id}">DELETE
	 * /cluster/backup/{id}</a>
	 */
	void deleteJob(String id);

	/**
	 * Backs the guests up now ({@code mode=snapshot}: they keep running) to the storage;
	 * the vzdump task ends in "job errors" if any guest failed, its log saying which.
	 * @see <a href=
	 * "https://pve.proxmox.com/pve-docs/api-viewer/#/nodes/{node}/vzdump">POST
	 * /nodes/{node}/vzdump</a>
	 */
	Upid backupAsync(String node, String storage, List<Integer> vmids);

	/**
	 * Restores a backup into a new guest (qmrestore task). The call fails at once if the
	 * VMID is taken; a failed task leaves no guest. Either way no other guest is touched.
	 * @see <a href="https://pve.proxmox.com/pve-docs/api-viewer/#/nodes/{node}/qemu">POST
	 * /nodes/{node}/qemu</a>
	 */
	Upid restoreAsync(String node, RestoreRequest request);

}
