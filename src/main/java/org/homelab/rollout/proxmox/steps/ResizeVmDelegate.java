package org.homelab.rollout.proxmox.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.inventory.PlannedVm;
import org.homelab.rollout.proxmox.ProxmoxOperations;

import org.springframework.stereotype.Component;

/**
 * Grows the boot disk to the planned absolute size (the same size again is a no-op),
 * leaving the task to wait for.
 */
@Component
class ResizeVmDelegate implements JavaDelegate {

	private final ProxmoxOperations proxmox;

	private final Inventory inventory;

	private final ProxmoxStepProperties properties;

	ResizeVmDelegate(ProxmoxOperations proxmox, Inventory inventory, ProxmoxStepProperties properties) {
		this.proxmox = proxmox;
		this.inventory = inventory;
		this.properties = properties;
	}

	@Override
	public void execute(DelegateExecution execution) {
		PlannedVm vm = PlannedVms.of(this.inventory, execution);
		String node = (String) execution.getVariable(ProxmoxVariables.NODE);
		int vmid = (Integer) execution.getVariable(ProxmoxVariables.VMID);
		String upid = ProxmoxFailures
			.call(() -> this.proxmox.vms(node).resizeAsync(vmid, this.properties.bootDisk(), vm.diskGb() + "G"))
			.text();
		execution.setVariable(ProxmoxVariables.TASK, upid);
	}

}
