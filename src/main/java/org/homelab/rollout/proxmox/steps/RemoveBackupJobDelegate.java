package org.homelab.rollout.proxmox.steps;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

/**
 * backup-remove: deletes the backup job {@code backupJobId} only when this run created it
 * ({@code backupJobCreated}); an adopted job stays. Gone already is fine.
 */
@Component
class RemoveBackupJobDelegate implements JavaDelegate {

	private static final Log logger = LogFactory.getLog(RemoveBackupJobDelegate.class);

	private final BackupSetupSteps steps;

	RemoveBackupJobDelegate(BackupSetupSteps steps) {
		this.steps = steps;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String id = (String) execution.getVariable(BackupSetupVariables.JOB_ID);
		if (!Boolean.TRUE.equals(execution.getVariable(BackupSetupVariables.JOB_CREATED)) || id == null) {
			logger.info("Backup job " + id + " was not created by this run: kept");
			return;
		}
		if (ProxmoxFailures.call(() -> this.steps.proxmox().backups().job(id)).isPresent()) {
			ProxmoxFailures.run(() -> this.steps.proxmox().backups().deleteJob(id));
		}
	}

}
