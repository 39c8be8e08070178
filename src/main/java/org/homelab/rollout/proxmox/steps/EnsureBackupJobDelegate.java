package org.homelab.rollout.proxmox.steps;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.backup.BackupInventory;
import org.homelab.rollout.proxmox.BackupJob;
import org.homelab.rollout.proxmox.BackupJobRequest;

import org.springframework.stereotype.Component;

/**
 * Ensures the rollout's backup job ({@value BackupSetupSteps#JOB_ID} on /cluster/backup):
 * the covered VMs (see {@link BackupSetupSteps}), the inventory's schedule,
 * {@code mode=snapshot}, the pbs storage, notes {@value BackupSetupSteps#NOTES}, and a
 * mail on failure to {@code inventory.backup.mailto} when set (else PVE's notification
 * system). A job of that id is the rollout's: adopted when it matches, else updated to
 * match. Sets {@code backupJobCreated}, {@code backupJobId}, {@code backedUpVms},
 * {@code backupVmids}.
 */
@Component
class EnsureBackupJobDelegate implements JavaDelegate {

	private static final Log logger = LogFactory.getLog(EnsureBackupJobDelegate.class);

	private final BackupSetupSteps steps;

	EnsureBackupJobDelegate(BackupSetupSteps steps) {
		this.steps = steps;
	}

	@Override
	public void execute(DelegateExecution execution) {
		List<BackupSetupSteps.CoveredVm> covered = this.steps.covered();
		List<Integer> vmids = covered.stream().map(BackupSetupSteps.CoveredVm::vmid).toList();
		BackupJobRequest wanted = wanted(this.steps.backup(), vmids);
		boolean createdBefore = Boolean.TRUE.equals(execution.getVariable(BackupSetupVariables.JOB_CREATED));
		Optional<BackupJob> existing = ProxmoxFailures
			.call(() -> this.steps.proxmox().backups().job(BackupSetupSteps.JOB_ID));
		if (existing.isEmpty()) {
			ProxmoxFailures.run(() -> this.steps.proxmox().backups().createJob(wanted));
			execution.setVariable(BackupSetupVariables.JOB_CREATED, true);
		}
		else {
			if (!matches(existing.get(), wanted)) {
				logger.info("Backup job " + BackupSetupSteps.JOB_ID + " differs from the inventory: updated to cover "
						+ vmids + " at " + wanted.schedule());
				ProxmoxFailures.run(() -> this.steps.proxmox().backups().updateJob(wanted));
			}
			execution.setVariable(BackupSetupVariables.JOB_CREATED, createdBefore);
		}
		execution.setVariable(BackupSetupVariables.JOB_ID, BackupSetupSteps.JOB_ID);
		execution.setVariable(BackupSetupVariables.VMS,
				String.join(",", covered.stream().map(BackupSetupSteps.CoveredVm::name).toList()));
		execution.setVariable(BackupSetupVariables.VMIDS,
				String.join(",", vmids.stream().map(String::valueOf).toList()));
	}

	static BackupJobRequest wanted(BackupInventory backup, List<Integer> vmids) {
		BackupJobRequest.Notification notification = backup.mailto().isBlank()
				? BackupJobRequest.Notification.notificationSystem()
				: BackupJobRequest.Notification.mailOnFailure(backup.mailto());
		return BackupJobRequest.of(BackupSetupSteps.JOB_ID, backup.schedule(), backup.storage(), vmids)
			.withNotesTemplate(BackupSetupSteps.NOTES)
			.withNotification(notification)
			.withComment("homelab-rollout: Phase 4's backups of the rollout's and the existing services' VMs");
	}

	static boolean matches(BackupJob job, BackupJobRequest wanted) {
		BackupJobRequest.Notification notification = wanted.notification();
		return Objects.equals(job.schedule(), wanted.schedule()) && Objects.equals(job.storage(), wanted.storage())
				&& new HashSet<>(job.vmids()).equals(new HashSet<>(wanted.vmids()))
				&& job.vmids().size() == wanted.vmids().size() && "snapshot".equals(job.mode()) && job.enabled()
				&& Objects.equals(job.notesTemplate(), wanted.notesTemplate())
				&& Objects.equals(job.notificationMode(), notification.mode())
				&& Objects.equals(job.mailto(), notification.mailto())
				&& Objects.equals(job.mailnotification(), (notification.mailto() != null) ? "failure" : null);
	}

}
