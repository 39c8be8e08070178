package org.homelab.rollout.proxmox.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.proxmox.ProxmoxApiException;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.proxmox.VmStatus;

import org.springframework.stereotype.Component;

/**
 * Powers the VM off (it is about to be deleted, so no graceful shutdown);
 * {@code proxmoxTask} is the stop task, or null when it was not running or is already
 * gone.
 */
@Component
class StopVmDelegate implements JavaDelegate {

	private final ProxmoxOperations proxmox;

	StopVmDelegate(ProxmoxOperations proxmox) {
		this.proxmox = proxmox;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String node = (String) execution.getVariable(ProxmoxVariables.NODE);
		int vmid = (Integer) execution.getVariable(ProxmoxVariables.VMID);
		String upid = null;
		try {
			VmStatus status = this.proxmox.vms(node).status(vmid);
			if (status.running() && status.lock() != null) {
				// Proxmox checks the lock inside the stop task: it would fail there
				throw ProxmoxFailures.locked(node, vmid, status.lock(), "be stopped");
			}
			if (status.running()) {
				upid = this.proxmox.vms(node).stopAsync(vmid).text();
			}
		}
		catch (ProxmoxApiException ex) {
			if (!ex.doesNotExist()) {
				throw ProxmoxFailures.translate(ex);
			}
		}
		execution.setVariable(ProxmoxVariables.TASK, upid);
	}

}
