package org.homelab.rollout.proxmox.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.proxmox.Upid;

import org.springframework.stereotype.Component;

/**
 * A first backup's vzdump task failed ({@code proxmoxError} from the wait): reads the
 * task's whole log once and names each VM that failed with what PVE said for it in
 * {@code backupError}, with which the model ends in {@code BACKUP_FAILED}. The backup job
 * stays: the next scheduled run tries again, and backup-remove undoes the run.
 */
@Component
class ReportBackupFailureDelegate implements JavaDelegate {

	static final int LOG_LINES = 2000;

	private final BackupSetupSteps steps;

	ReportBackupFailureDelegate(BackupSetupSteps steps) {
		this.steps = steps;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String error = (String) execution.getVariable(ProxmoxVariables.ERROR);
		Upid upid = new Upid((String) execution.getVariable(ProxmoxVariables.TASK));
		List<BackupSetupSteps.CoveredVm> vms = this.steps.located(execution);
		Map<Integer, String> failed = BackupSetupSteps
			.failedGuests(ProxmoxFailures.call(() -> this.steps.proxmox().tasks(upid.node()).log(upid, 0, LOG_LINES)));
		List<String> named = new ArrayList<>();
		for (BackupSetupSteps.CoveredVm vm : vms) {
			if (failed.containsKey(vm.vmid())) {
				named.add("VM '" + vm.name() + "' (VMID " + vm.vmid() + " on " + vm.node() + "): "
						+ failed.get(vm.vmid()));
			}
		}
		String which = named.isEmpty() ? "Proxmox VE did not say which VM" : String.join("; ", named);
		execution.setVariable(BackupSetupVariables.FAILURE,
				"The first backup failed for " + which + ". The vzdump task " + upid.text() + " said: " + error
						+ " Fix the cause (e.g. free space on the Proxmox Backup Server's datastore, "
						+ "its service running), then run backup-setup again: it adopts the storage and the job.");
	}

}
