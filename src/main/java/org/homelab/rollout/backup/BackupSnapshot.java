package org.homelab.rollout.backup;

import java.time.Instant;

/**
 * One snapshot of a datastore ({@code vm/101/2026-12-07T03:00:00Z}): its size and what
 * the last verify found ({@code verifyState} "ok", "failed", or null before any verify).
 */
public record BackupSnapshot(String backupType, String backupId, Instant backupTime, long size, String owner,
		String verifyState) {

	public boolean verified() {
		return "ok".equals(this.verifyState);
	}

	public boolean verifyFailed() {
		return "failed".equals(this.verifyState);
	}

	/** PBS's name for it: {@code <type>/<id>/<time>}. */
	public String name() {
		return this.backupType + "/" + this.backupId + "/" + this.backupTime;
	}

}
