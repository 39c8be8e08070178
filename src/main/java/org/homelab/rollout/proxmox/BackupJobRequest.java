package org.homelab.rollout.proxmox;

import java.util.List;
import java.util.Objects;

/**
 * A scheduled backup job ({@code /cluster/backup}): the guests, when (a systemd calendar
 * event such as {@code *-*-* 02:30} or {@code mon..fri 02:30}, in the node's time zone),
 * to which storage, always {@code mode=snapshot} (the guest keeps running), and who hears
 * of it.
 *
 * @param id the job id ({@code pve-configid}), e.g. {@code rollout-nightly}
 * @param schedule the calendar event
 * @param storage the storage id, e.g. the pbs storage
 * @param vmids the guests
 * @param enabled whether it runs at its schedule
 * @param notesTemplate the backup's notes, e.g. {@code {{guestname}}}, or null
 * @param notification how failures are told, or null for PVE's default (auto)
 * @param comment the job's comment, or null
 * @see <a href="https://pve.proxmox.com/pve-docs/api-viewer/#/cluster/backup">POST
 * /cluster/backup</a>
 */
public record BackupJobRequest(String id, String schedule, String storage, List<Integer> vmids, boolean enabled,
		String notesTemplate, Notification notification, String comment) {

	public BackupJobRequest {
		Objects.requireNonNull(id, "id");
		Objects.requireNonNull(schedule, "schedule");
		Objects.requireNonNull(storage, "storage");
		vmids = List.copyOf(vmids);
		if (!id.matches("(?i)[a-z][a-z0-9_-]+")) {
			throw new IllegalArgumentException(
					"'" + id + "' is no valid backup job id (a letter, then letters, " + "digits, '-' or '_')");
		}
		if (vmids.isEmpty()) {
			throw new IllegalArgumentException("the backup job " + id + " names no guest");
		}
	}

	public static BackupJobRequest of(String id, String schedule, String storage, List<Integer> vmids) {
		return new BackupJobRequest(id, schedule, storage, vmids, true, null, null, null);
	}

	public BackupJobRequest withNotesTemplate(String notesTemplate) {
		return new BackupJobRequest(this.id, this.schedule, this.storage, this.vmids, this.enabled, notesTemplate,
				this.notification, this.comment);
	}

	public BackupJobRequest withNotification(Notification notification) {
		return new BackupJobRequest(this.id, this.schedule, this.storage, this.vmids, this.enabled, this.notesTemplate,
				notification, this.comment);
	}

	public BackupJobRequest withComment(String comment) {
		return new BackupJobRequest(this.id, this.schedule, this.storage, this.vmids, this.enabled, this.notesTemplate,
				this.notification, comment);
	}

	public BackupJobRequest withEnabled(boolean enabled) {
		return new BackupJobRequest(this.id, this.schedule, this.storage, this.vmids, enabled, this.notesTemplate,
				this.notification, this.comment);
	}

	Form form() {
		Form form = new Form().add("schedule", this.schedule)
			.add("storage", this.storage)
			.add("vmid", String.join(",", this.vmids.stream().map(String::valueOf).toList()))
			.add("mode", "snapshot")
			.add("enabled", this.enabled)
			.add("notes-template", this.notesTemplate)
			.add("comment", this.comment);
		if (this.notification != null) {
			this.notification.addTo(form);
		}
		return form;
	}

	/**
	 * How a job tells of its runs: PVE's notification system (its matchers decide who
	 * hears of a failure) or, the older way, a mail from the node only when a backup
	 * failed.
	 */
	public record Notification(String mode, String mailto) {

		/** {@code notification-mode=notification-system}. */
		public static Notification notificationSystem() {
			return new Notification("notification-system", null);
		}

		/**
		 * {@code notification-mode=legacy-sendmail}, {@code mailnotification=failure}: a
		 * mail to these addresses (or PVE users) when a backup failed.
		 */
		public static Notification mailOnFailure(String mailto) {
			return new Notification("legacy-sendmail", Objects.requireNonNull(mailto, "mailto"));
		}

		void addTo(Form form) {
			form.add("notification-mode", this.mode);
			if (this.mailto != null) {
				form.add("mailto", this.mailto).add("mailnotification", "failure");
			}
		}

	}

}
