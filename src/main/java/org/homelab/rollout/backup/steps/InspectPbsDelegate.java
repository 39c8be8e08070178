package org.homelab.rollout.backup.steps;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.backup.BackupInventory;
import org.homelab.rollout.engine.RolloutRun;
import org.homelab.rollout.proxmox.GuestFiles;

import org.springframework.stereotype.Component;

/**
 * pbs-install, first look at the VM: whether PBS's package is there and whose
 * ({@code pbsPackageInstalled} true when this run installs it now or did before: the VM's
 * mark names the run), where the engine reaches PBS ({@code pbsAddress}, the inventory's
 * address), the Vault paths, and every "created" flag false until a step sets it. Only
 * the {@code vm} placement is supported: PBS on the frontend server is refused.
 */
@Component
class InspectPbsDelegate implements JavaDelegate {

	private final PbsSteps steps;

	InspectPbsDelegate(PbsSteps steps) {
		this.steps = steps;
	}

	@Override
	public void execute(DelegateExecution execution) {
		BackupInventory backup = this.steps.backup();
		if (backup.placement() != BackupInventory.Placement.VM) {
			throw new BpmnError(PbsVariables.FAILED, "inventory.backup.placement is " + backup.placement()
					+ ": pbs-install supports only 'vm' (the plan's proxmox-backup VM) so far; set placement: vm.");
		}
		String run = RolloutRun.of(execution);
		String vmName = (String) execution.getVariable(PbsVariables.VM_NAME);
		GuestFiles guest = this.steps.guest(execution);
		boolean present = guest.read(PbsScripts.PACKAGE_MARKER).isPresent();
		boolean ours = guest.read(PbsScripts.RUN_MARK).map(String::strip).filter(run::equals).isPresent();
		execution.setVariable(RolloutRun.VARIABLE, run);
		execution.setVariable(PbsVariables.ADDRESS, this.steps.address(vmName));
		execution.setVariable(PbsVariables.DATASTORE, backup.datastore());
		execution.setVariable(PbsVariables.DISK, backup.datastoreDisk());
		execution.setVariable(PbsVariables.PACKAGE_INSTALLED, !present || ours);
		execution.setVariable(PbsVariables.ENGINE_PASSWORD_PATH, this.steps.enginePassword().toString());
		execution.setVariable(PbsVariables.TOKEN_PATH, this.steps.pveToken().toString());
		execution.setVariable(PbsVariables.EXPORTER_TOKEN_PATH, this.steps.exporterToken().toString());
		for (String flag : new String[] { PbsVariables.DISK_ADDED, PbsVariables.DATASTORE_CREATED,
				PbsVariables.PRUNE_JOB_CREATED, PbsVariables.VERIFY_JOB_CREATED, PbsVariables.ENGINE_PASSWORD_WRITTEN,
				PbsVariables.ENGINE_USER_CREATED, PbsVariables.PVE_USER_CREATED, PbsVariables.PVE_USER_GRANTED,
				PbsVariables.PVE_TOKEN_CREATED, PbsVariables.PVE_TOKEN_GRANTED, PbsVariables.PVE_TOKEN_WRITTEN,
				PbsVariables.EXPORTER_USER_CREATED, PbsVariables.EXPORTER_USER_GRANTED,
				PbsVariables.EXPORTER_TOKEN_CREATED, PbsVariables.EXPORTER_TOKEN_GRANTED,
				PbsVariables.EXPORTER_TOKEN_WRITTEN, PbsVariables.EXPORTER_INSTALLED }) {
			if (!Boolean.TRUE.equals(execution.getVariable(flag))) {
				execution.setVariable(flag, false);
			}
		}
	}

}
