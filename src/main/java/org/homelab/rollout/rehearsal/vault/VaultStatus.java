package org.homelab.rollout.rehearsal.vault;

import org.homelab.rollout.rehearsal.GuestCommand.Result;

/**
 * {@code vault status} inside the VM: exit 0 unsealed, 2 sealed, 1 when the server does
 * not answer.
 */
final class VaultStatus {

	private VaultStatus() {
	}

	static Result of(VaultLab lab) {
		if (lab == null || !lab.running()) {
			return Result.fail(1, "Error checking seal status: Get \"https://127.0.0.1:8200/v1/sys/seal-status\": "
					+ "dial tcp 127.0.0.1:8200: connect: connection refused\n");
		}
		Barrier.Status status = lab.barrierStatus();
		String table = "Key                Value\n---                -----\n" + "Seal Type          shamir\n"
				+ "Initialized        " + status.initialized() + "\n" + "Sealed             " + status.sealed() + "\n"
				+ "Total Shares       " + status.shares() + "\n" + "Threshold          " + status.threshold() + "\n"
				+ (status.sealed() ? "Unseal Progress    " + status.progress() + "/" + status.threshold() + "\n" : "")
				+ "Version            " + SealHandler.VERSION + "\n" + "Storage Type       file\n"
				+ "HA Enabled         false\n";
		return new Result(status.sealed() ? 2 : 0, table, "", null);
	}

}
