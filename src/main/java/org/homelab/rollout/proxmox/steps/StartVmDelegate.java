package org.homelab.rollout.proxmox.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.proxmox.ProxmoxOperations;

import org.springframework.stereotype.Component;

/**
 * Starts the VM unless it already runs; {@code proxmoxTask} is the start task, or null
 * when there was none. A VM this run has just cloned is stopped for sure, so only a VM
 * that was found (adopted, or ours from before) is asked first.
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
		boolean found = Boolean.TRUE.equals(execution.getVariable(ProxmoxVariables.FOUND));
		boolean running = found && ProxmoxFailures.call(() -> this.proxmox.vms(node).status(vmid)).running();
		String upid = running ? null : ProxmoxFailures.call(() -> this.proxmox.vms(node).startAsync(vmid)).text();
		execution.setVariable(ProxmoxVariables.TASK, upid);
	}

}
