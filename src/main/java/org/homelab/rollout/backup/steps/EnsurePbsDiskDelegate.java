package org.homelab.rollout.backup.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.backup.BackupInventory;
import org.homelab.rollout.proxmox.ConfigRequest;
import org.homelab.rollout.proxmox.ProxmoxVmOperations;
import org.homelab.rollout.proxmox.VmConfig;

import org.springframework.stereotype.Component;

/**
 * The datastore's own disk ({@code inventory.backup.datastore-disk}, e.g. scsi1): adopted
 * when the VM's configuration has it, else allocated through Proxmox VE on the storage of
 * the VM's system disk ({@code STORAGE:SIZE}, synchronous: a thin volume is allocated at
 * once). {@code pbsDiskAdded} says whether this run added it; a retry after the
 * allocation finds it and keeps the flag.
 */
@Component
class EnsurePbsDiskDelegate implements JavaDelegate {

	private final PbsSteps steps;

	EnsurePbsDiskDelegate(PbsSteps steps) {
		this.steps = steps;
	}

	@Override
	public void execute(DelegateExecution execution) {
		BackupInventory backup = this.steps.backup();
		String disk = backup.datastoreDisk();
		PbsScripts.device(disk);
		int vmid = (Integer) execution.getVariable("vmid");
		ProxmoxVmOperations vms = this.steps.proxmox().vms((String) execution.getVariable("proxmoxNode"));
		VmConfig config = vms.config(vmid);
		if (config.values().containsKey(disk)) {
			return;
		}
		String system = config.values().getOrDefault("scsi0", "");
		if (!system.contains(":")) {
			throw new IllegalStateException("VM " + vmid + " has no scsi0 disk to take the storage from for " + disk
					+ ": add " + disk + " (" + backup.datastoreSizeGb() + " GB) in Proxmox VE, then retry.");
		}
		String storage = system.substring(0, system.indexOf(':'));
		vms.configure(vmid, ConfigRequest.create().withNewDisk(disk, storage, backup.datastoreSizeGb()));
		execution.setVariable(PbsVariables.DISK_ADDED, true);
	}

}
