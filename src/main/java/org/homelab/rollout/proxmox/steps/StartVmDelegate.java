package org.homelab.rollout.proxmox.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.proxmox.ProxmoxException;
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
			// Proxmox would fail the start task; the job's retries wait for the lock to
			// go
			throw new ProxmoxException("GET /nodes/" + node + "/qemu/" + vmid + "/status/current", "VM " + vmid
					+ " on Proxmox node " + node + " is locked (" + status.lock() + "), so it cannot start yet; the"
					+ " start is retried. If the lock stays (e.g. a crashed backup or migration), check the node's"
					+ " Task History and clear it with 'qm unlock " + vmid + "' once nothing runs on the VM.", true,
					null);
		}
		String upid = status.running() ? null
				: ProxmoxFailures.call(() -> this.proxmox.vms(node).startAsync(vmid)).text();
		execution.setVariable(ProxmoxVariables.TASK, upid);
	}

}
