package org.homelab.rollout.proxmox.steps;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

/**
 * backup-remove: deletes PVE's pbs storage entry ({@code inventory.backup.storage}) only
 * when this run created it ({@code backupStorageCreated}). Only the entry goes: the
 * snapshots stay on the Proxmox Backup Server. Gone already is fine.
 */
@Component
class RemoveBackupStorageDelegate implements JavaDelegate {

	private static final Log logger = LogFactory.getLog(RemoveBackupStorageDelegate.class);

	private final BackupSetupSteps steps;

	RemoveBackupStorageDelegate(BackupSetupSteps steps) {
		this.steps = steps;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String storage = this.steps.backup().storage();
		if (!Boolean.TRUE.equals(execution.getVariable(BackupSetupVariables.STORAGE_CREATED))) {
			logger.info("Storage " + storage + " was not created by this run: kept");
			return;
		}
		if (ProxmoxFailures.call(() -> this.steps.proxmox().storage().find(storage)).isPresent()) {
			ProxmoxFailures.run(() -> this.steps.proxmox().storage().delete(storage));
		}
	}

}
