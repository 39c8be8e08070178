package org.homelab.rollout.proxmox.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.proxmox.VmStatus;

import org.springframework.stereotype.Component;

/**
 * Starts the VM unless it already runs; {@code proxmoxTask} is the start task, or null
 * when there was none. Always asked first, even for a VM this run has just cloned: a job
 * retried after the engine died between Proxmox taking the start and the commit would
 * otherwise start it twice (a failed "already running" task in the node's log).
 */
@Component
class StartVmDelegate implements JavaDelegate {

	private final ProxmoxOperations proxmox;

	StartVmDelegate(ProxmoxOperations proxmox) {
		this.proxmox = proxmox;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String node = (String) execution.getVariable(ProxmoxVariables.NODE);
		int vmid = (Integer) execution.getVariable(ProxmoxVariables.VMID);
		VmStatus status = ProxmoxFailures.call(() -> this.proxmox.vms(node).status(vmid));
		if (!status.running() && status.lock() != null) {
			throw ProxmoxFailures.locked(node, vmid, status.lock(), "start");
		}
		String upid = status.running() ? null
				: ProxmoxFailures.call(() -> this.proxmox.vms(node).startAsync(vmid)).text();
		execution.setVariable(ProxmoxVariables.TASK, upid);
	}

}
