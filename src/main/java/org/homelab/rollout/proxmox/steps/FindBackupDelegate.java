package org.homelab.rollout.proxmox.steps;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.backup.BackupInventory;
import org.homelab.rollout.engine.RolloutRun;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.proxmox.BackupVolume;
import org.homelab.rollout.proxmox.ProxmoxException;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.proxmox.VmSummary;

import org.springframework.stereotype.Component;

/**
 * restore-test's first look: the original VM by name on the inventory's nodes and its
 * newest backup on the pbs storage ({@code inventory.backup.storage}). Nothing found (no
 * VM, no backup, a listing PVE refuses) sets {@code restoreBackupFound} false and
 * {@code restoreProblem} saying which, so the model reports the criterion unmet, never a
 * pass; a transient fault retries. Also sets what the later steps read: the scratch VM's
 * name as {@code vmName}, {@code vmIsolated}, and the check's script.
 */
@Component
class FindBackupDelegate implements JavaDelegate {

	private final ProxmoxOperations proxmox;

	private final Inventory inventory;

	private final BackupInventory backup;

	private final RestoreChecks checks;

	FindBackupDelegate(ProxmoxOperations proxmox, Inventory inventory, BackupInventory backup,
			ProxmoxStepProperties properties) {
		this.proxmox = proxmox;
		this.inventory = inventory;
		this.backup = backup;
		this.checks = new RestoreChecks(properties.restoreChecksDir());
	}

	@Override
	public void execute(DelegateExecution execution) {
		String vmName = (String) execution.getVariable(RestoreTestVariables.VM);
		String check = (String) execution.getVariable(RestoreTestVariables.CHECK);
		execution.setVariable(ProxmoxVariables.SCRIPT, this.checks.script(check));
		execution.setVariable(ProxmoxVariables.SCRIPT_NAME, "restore-check-" + check);
		execution.setVariable(ProxmoxVariables.VM_NAME, RestoreTest.scratchName(vmName));
		execution.setVariable(ProxmoxVariables.ROLLOUT_RUN, RolloutRun.of(execution));
		execution.setVariable(ProxmoxVariables.ISOLATED, true);
		String storage = this.backup.storage();
		Optional<Original> original = original(vmName);
		String problem;
		if (original.isEmpty()) {
			problem = RestoreTest.noVm(vmName, this.inventory.proxmox().nodes());
		}
		else {
			execution.setVariable(RestoreTestVariables.ORIGINAL_VMID, original.get().vmid());
			try {
				Optional<BackupVolume> newest = RestoreTest
					.newest(this.proxmox.storage().backups(original.get().node(), storage, original.get().vmid()));
				newest.ifPresent(volume -> {
					execution.setVariable(RestoreTestVariables.ARCHIVE, volume.volid());
					execution.setVariable(RestoreTestVariables.BACKUP_TIME, volume.ctime().toString());
				});
				problem = newest.isPresent() ? null : RestoreTest.noBackup(vmName, original.get().vmid(), storage);
			}
			catch (ProxmoxException ex) {
				if (ex.isTransient()) {
					throw ex;
				}
				problem = RestoreTest.unreadable(vmName, storage, ex.getMessage());
			}
		}
		execution.setVariable(RestoreTestVariables.BACKUP_FOUND, problem == null);
		execution.setVariable(RestoreTestVariables.PROBLEM, problem);
	}

	/** The VM of that name (the lowest VMID if several), never a template. */
	private Optional<Original> original(String vmName) {
		for (String node : this.inventory.proxmox().nodes()) {
			List<VmSummary> vms = ProxmoxFailures.call(() -> this.proxmox.vms(node).list());
			Optional<VmSummary> found = vms.stream()
				.filter(vm -> !vm.template() && vmName.equals(vm.name()))
				.min(Comparator.comparingInt(VmSummary::vmid));
			if (found.isPresent()) {
				return Optional.of(new Original(node, found.get().vmid()));
			}
		}
		return Optional.empty();
	}

	private record Original(String node, int vmid) {
	}

}
