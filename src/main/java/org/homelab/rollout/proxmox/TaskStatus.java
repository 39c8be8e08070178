package org.homelab.rollout.proxmox;

/**
 * A worker task's state. A task that failed still answered its starting call with HTTP
 * 200: only {@code exitstatus} tells ("OK" or "WARNINGS: n" mean success, anything else
 * is the error).
 */
public record TaskStatus(Upid upid, boolean running, String exitstatus) {

	public boolean succeeded() {
		return !this.running && this.exitstatus != null
				&& (this.exitstatus.equals("OK") || this.exitstatus.startsWith("WARNINGS"));
	}

	public boolean failed() {
		return !this.running && !succeeded();
	}

	/**
	 * Failed for a passing reason (e.g. "VM is locked (backup)": a backup job took the
	 * lock between the call and the task), so the same call later may well succeed.
	 */
	public boolean failedTransiently() {
		return failed() && ProxmoxErrors.transientMessage(this.exitstatus);
	}

}
