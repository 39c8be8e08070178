package org.homelab.rollout.proxmox.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.proxmox.ProxmoxApiException;
import org.homelab.rollout.proxmox.ProxmoxOperations;

import org.springframework.stereotype.Component;

/**
 * Deletes the VM with its disks and purges it from jobs; a VM already gone counts as
 * deleted.
 */
@Component
class DeleteVmDelegate implements JavaDelegate {

	private final ProxmoxOperations proxmox;

	DeleteVmDelegate(ProxmoxOperations proxmox) {
		this.proxmox = proxmox;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String node = (String) execution.getVariable(ProxmoxVariables.NODE);
		int vmid = (Integer) execution.getVariable(ProxmoxVariables.VMID);
		String upid = null;
		try {
			String lock = this.proxmox.vms(node).status(vmid).lock();
			if (lock != null) {
				// destroy_vm checks the lock inside its task: it would fail there
				throw ProxmoxFailures.locked(node, vmid, lock, "be deleted");
			}
			upid = this.proxmox.vms(node).deleteAsync(vmid).text();
		}
		catch (ProxmoxApiException ex) {
			if (!ex.doesNotExist()) {
				throw ProxmoxFailures.translate(ex);
			}
		}
		execution.setVariable(ProxmoxVariables.TASK, upid);
	}

}
