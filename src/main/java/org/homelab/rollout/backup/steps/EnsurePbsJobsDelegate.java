package org.homelab.rollout.backup.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.backup.BackupInventory;
import org.homelab.rollout.backup.PbsJobOperations;
import org.homelab.rollout.backup.PruneJob;
import org.homelab.rollout.backup.VerifyJob;

import org.springframework.stereotype.Component;

/**
 * The datastore's prune job (the inventory's retention: keep-daily/weekly/monthly, on the
 * prune schedule) and verify job (on the verify schedule, skipping snapshots verified in
 * the last {@value #REVERIFY_DAYS} days, which verify-new already checked right after
 * their backup). Each created unless it exists, then updated to these settings; the flags
 * say which this run created. A retry keeps a flag set before.
 */
@Component
class EnsurePbsJobsDelegate implements JavaDelegate {

	/** A snapshot is read again after this many days: bit rot shows within a month. */
	static final int REVERIFY_DAYS = 30;

	private final PbsSteps steps;

	EnsurePbsJobsDelegate(PbsSteps steps) {
		this.steps = steps;
	}

	@Override
	public void execute(DelegateExecution execution) {
		BackupInventory backup = this.steps.backup();
		PbsJobOperations jobs = this.steps.client(execution).jobs();
		String prune = jobId("prune-", backup.datastore());
		String verify = jobId("verify-", backup.datastore());
		BackupInventory.Retention keep = backup.retention();
		boolean pruneCreated = jobs.ensurePruneJob(new PruneJob(prune, backup.datastore(), backup.pruneSchedule(),
				keep.keepDaily(), keep.keepWeekly(), keep.keepMonthly()));
		boolean verifyCreated = jobs
			.ensureVerifyJob(new VerifyJob(verify, backup.datastore(), backup.verifySchedule(), true, REVERIFY_DAYS));
		execution.setVariable(PbsVariables.PRUNE_JOB_ID, prune);
		execution.setVariable(PbsVariables.VERIFY_JOB_ID, verify);
		if (pruneCreated) {
			execution.setVariable(PbsVariables.PRUNE_JOB_CREATED, true);
		}
		if (verifyCreated) {
			execution.setVariable(PbsVariables.VERIFY_JOB_CREATED, true);
		}
	}

	/** PBS's job ids are at most 32 characters. */
	static String jobId(String kind, String store) {
		String id = kind + store;
		return (id.length() <= 32) ? id : id.substring(0, 32);
	}

}
