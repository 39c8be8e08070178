package org.homelab.rollout.proxmox.steps;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.inventory.PlannedVm;

final class PlannedVms {

	private PlannedVms() {
	}

	/**
	 * The inventory entry named by {@code vmName}; a name the inventory lacks is a
	 * modelling error, not transient.
	 */
	static PlannedVm of(Inventory inventory, DelegateExecution execution) {
		String name = (String) execution.getVariable(ProxmoxVariables.VM_NAME);
		return inventory.vm(name)
			.orElseThrow(() -> new BpmnError(ProxmoxVariables.FAILED, "The inventory has no VM named '" + name
					+ "' (inventory.vms[].name): add it, or call provision-vm with a planned VM's name."));
	}

}
