package org.homelab.rollout.backup;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Phase 4's part of the inventory: where Proxmox Backup Server runs, its datastore, what
 * the backup jobs cover and when, and how long backups are kept. Defaults (the plan's)
 * are documented in {@code application.yaml} and docs/backup.md.
 *
 * @param placement {@code vm}: the plan's {@code proxmox-backup} VM (its resource table,
 * the default); {@code frontend}: on the frontend server (the plan's 4.1 wording), which
 * the rollout adopts and never deletes
 * @param storage the id of Proxmox VE's storage entry for it (type pbs)
 * @param datastore the PBS datastore
 * @param datastoreDisk the VM's disk that holds the datastore (on the VM placement), e.g.
 * scsi1
 * @param datastoreSizeGb its size; the plan asks for 100 GB or more
 * @param datastorePath where the datastore's disk is mounted
 * @param schedule when the backup jobs run (a systemd calendar event, as PVE takes it)
 * @param retention how many daily, weekly and monthly backups the prune job keeps
 * @param pruneSchedule when PBS prunes
 * @param verifySchedule when PBS verifies the backups
 * @param gcSchedule when PBS collects garbage
 * @param existingVms the existing services' VMs (by name) the backup jobs cover besides
 * the rollout's own
 * @param mailto who hears of a failed backup (PVE's notification); empty: PVE's
 * notification system's default target
 */
@Validated
@ConfigurationProperties("inventory.backup")
public record BackupInventory(@DefaultValue("vm") @NotNull Placement placement,
		@DefaultValue("pbs-homelab") @NotBlank @Pattern(regexp = STORAGE_ID,
				message = "must be a Proxmox VE storage id (lower case, digits, - _ .)") String storage,
		@DefaultValue("homelab") @NotBlank @Pattern(regexp = DATASTORE,
				message = "must be a PBS datastore name (letters, digits, - _ .; 3-32)") String datastore,
		@DefaultValue("scsi1") @NotBlank @Pattern(regexp = "(scsi|virtio|sata)\\d+",
				message = "must name a VM disk such as scsi1") String datastoreDisk,
		@DefaultValue("100") @Min(value = 100,
				message = "must be at least 100 (the plan asks for 100 GB+)") @Max(65536) int datastoreSizeGb,
		@DefaultValue("/mnt/datastore/homelab") @NotBlank @Pattern(regexp = "/[A-Za-z0-9_./-]+",
				message = "must be an absolute path of letters, digits, _ . / -") String datastorePath,
		@DefaultValue("02:30") @NotBlank @Pattern(regexp = CALENDAR_EVENT,
				message = "must be a systemd calendar event such as 02:30 or 'mon..fri 21:00'") String schedule,
		@DefaultValue @Valid @NotNull Retention retention,
		@DefaultValue("daily") @NotBlank @Pattern(regexp = CALENDAR_EVENT) String pruneSchedule,
		@DefaultValue("sat 03:00") @NotBlank @Pattern(regexp = CALENDAR_EVENT) String verifySchedule,
		@DefaultValue("daily") @NotBlank @Pattern(regexp = CALENDAR_EVENT) String gcSchedule, @DefaultValue( {
		}) List<@Pattern(regexp = VM_NAME, message = "must be a VM name") String> existingVms,
		@DefaultValue("") @Pattern(regexp = "|[^\\s,;]+@[^\\s,;]+",
				message = "must be one mail address") String mailto){

	static final String STORAGE_ID = "[a-z][a-z0-9\\-_.]*[a-z0-9]";

	static final String DATASTORE = "[A-Za-z0-9_][A-Za-z0-9._\\-]{2,31}";

	static final String VM_NAME = "[a-zA-Z0-9]([a-zA-Z0-9.-]*[a-zA-Z0-9])?";

	/**
	 * A systemd calendar event as PVE and PBS take it: words, digits and the separators
	 * they use; nothing that could leave a config line.
	 */
	static final String CALENDAR_EVENT = "[A-Za-z0-9*:./,~ -]{1,64}";

	/** Where Proxmox Backup Server runs. */
	public enum Placement {

		/** The plan's {@code proxmox-backup} VM. */
		VM,
		/** The existing frontend server. */
		FRONTEND

	}

	/**
	 * The prune job's keep-daily/weekly/monthly. Defaults: a week of dailies, a month of
	 * weeklies, half a year of monthlies.
	 */
	public record Retention(@DefaultValue("7") @Min(1) @Max(365) int keepDaily,
			@DefaultValue("4") @Min(0) @Max(52) int keepWeekly, @DefaultValue("6") @Min(0) @Max(120) int keepMonthly) {
	}

}
