package org.homelab.rollout.backup.steps;

/** Variable names Phase 4's own steps share with its model and forms. */
final class Phase4Variables {

	/** In: Proxmox Backup Server's address (pbs-install's out). */
	static final String PBS_ADDRESS = "pbsAddress";

	/** In: its certificate's SHA-256 fingerprint, as PVE's storage entry pins it. */
	static final String PBS_FINGERPRINT = "pbsFingerprint";

	/** Out of commit-recovery-plan: whether this run created the runbook's file. */
	static final String PLAN_CREATED = "recoveryPlanCreated";

	/** Out: the commit, null when the committed runbook was current already. */
	static final String PLAN_COMMIT = "recoveryPlanCommit";

	/** Out: where the gate's form links the runbook. */
	static final String PLAN_URL = "recoveryPlanUrl";

	private Phase4Variables() {
	}

}
