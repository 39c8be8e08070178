package org.homelab.rollout.backup;

/**
 * A PBS worker task's state ({@code /nodes/localhost/tasks/{upid}/status}). A task that
 * failed still answered its starting call with HTTP 200: only {@code exitstatus} tells
 * ("OK" or "WARNINGS: n" mean success, anything else is the error).
 */
public record PbsTask(String upid, boolean running, String exitstatus) {

	public boolean succeeded() {
		return !this.running && this.exitstatus != null
				&& (this.exitstatus.equals("OK") || this.exitstatus.startsWith("WARNINGS"));
	}

	public boolean failed() {
		return !this.running && !succeeded();
	}

	/**
	 * The task type from the UPID ({@code create-datastore}, {@code verificationjob}, …).
	 */
	public String type() {
		String[] parts = this.upid.split(":");
		return (parts.length > 6) ? parts[6] : "";
	}

}
