package org.homelab.rollout.proxmox.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

/**
 * After a node's first backups ended: lists the pbs storage's content for each VM backed
 * up so far and requires a snapshot newer than its newest before this run
 * ({@code backupsBefore}); a VM without one is {@code BACKUP_FAILED} naming it, never a
 * pass (the task's "OK" alone proves nothing). Sets {@code backupsPending} when VMs on
 * another node still wait, else {@code backupsCompleted} and {@code backupVolumes}.
 */
@Component
class CheckBackupsDelegate implements JavaDelegate {

	private final BackupSetupSteps steps;

	CheckBackupsDelegate(BackupSetupSteps steps) {
		this.steps = steps;
	}

	@Override
	public void execute(DelegateExecution execution) {
		List<BackupSetupSteps.CoveredVm> vms = this.steps.located(execution);
		List<String> started = StartBackupsDelegate.started(execution);
		Map<Integer, String> before = BackupSetupSteps
			.before((String) execution.getVariable(BackupSetupVariables.BEFORE));
		List<String> volumes = new ArrayList<>();
		List<String> missing = new ArrayList<>();
		boolean pending = false;
		for (BackupSetupSteps.CoveredVm vm : vms) {
			if (!started.contains(vm.node())) {
				pending = true;
				continue;
			}
			Optional<String> newest = this.steps.newest(vm);
			if (newest.isEmpty() || newest.get().equals(before.get(vm.vmid()))) {
				missing.add("'" + vm.name() + "' (VMID " + vm.vmid() + " on " + vm.node() + ")");
			}
			else {
				volumes.add(newest.get());
			}
		}
		if (!missing.isEmpty()) {
			throw BackupSetupSteps.failed("The first backup of VM(s) " + String.join(", ", missing)
					+ " is not on storage '" + this.steps.backup().storage()
					+ "' although vzdump ended without error: no new snapshot is listed there. Check the node's "
					+ "vzdump task log and the Proxmox Backup Server's datastore, then run backup-setup again.");
		}
		execution.setVariable(BackupSetupVariables.PENDING, pending);
		String earlier = (String) execution.getVariable(BackupSetupVariables.VOLUMES);
		List<String> all = new ArrayList<>();
		if (earlier != null && !earlier.isBlank()) {
			List.of(earlier.split(",")).stream().filter(v -> !volumes.contains(v)).forEach(all::add);
		}
		all.addAll(volumes);
		execution.setVariable(BackupSetupVariables.VOLUMES, String.join(",", all));
		execution.setVariable(BackupSetupVariables.COMPLETED, all.size());
	}

}
