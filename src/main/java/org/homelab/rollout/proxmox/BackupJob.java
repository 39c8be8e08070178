package org.homelab.rollout.proxmox;

import java.util.List;
import java.util.Map;

/**
 * A backup job as {@code GET /cluster/backup/{id}} answers it.
 *
 * @param vmids the guests it names (empty for {@code all} or a pool)
 * @param values every option as PVE answered it
 */
public record BackupJob(String id, String schedule, String storage, List<Integer> vmids, String mode, boolean enabled,
		Map<String, String> values) {

	/**
	 * The id of the one backup job the rollout keeps on /cluster/backup (backup-setup's,
	 * and what the plan preview looks for).
	 */
	public static final String ROLLOUT_JOB = "homelab-rollout";

	public BackupJob {
		vmids = List.copyOf(vmids);
		values = Map.copyOf(values);
	}

	public String notesTemplate() {
		return this.values.get("notes-template");
	}

	public String notificationMode() {
		return this.values.get("notification-mode");
	}

	public String mailto() {
		return this.values.get("mailto");
	}

	/** "always" or "failure" (legacy-sendmail only), or null. */
	public String mailnotification() {
		return this.values.get("mailnotification");
	}

}
