package org.homelab.rollout.proxmox.steps;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.engine.RolloutRun;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.inventory.ProxmoxSite;
import org.homelab.rollout.proxmox.CloneRequest;
import org.homelab.rollout.proxmox.ProxmoxApiException;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.proxmox.Upid;

import org.springframework.stereotype.Component;

/**
 * Starts a full clone of the inventory's template onto its storage, as the VMID that
 * reserve-vmid committed, named as the VM and marked as this run's in its description.
 * The clone request is the look: Proxmox refuses a clone onto a VMID in use ("VM 105
 * already exists"), atomically, so when a VM with that VMID exists (this step's own clone
 * from before a crash, whose transaction never committed; or another run's that drew the
 * same VMID) nothing is cloned and the step says so ({@code cloneDispatched} false);
 * confirm-clone tells the two apart once the clone is over. (A separate status look first
 * cost a request that, answered 500 for a free VMID, made pveproxy close the connection:
 * a TLS handshake more per clone.) Whether this run created the VM is decided there, not
 * here.
 */
@Component
class CloneVmDelegate implements JavaDelegate {

	private static final Log logger = LogFactory.getLog(CloneVmDelegate.class);

	private final ProxmoxOperations proxmox;

	private final Inventory inventory;

	CloneVmDelegate(ProxmoxOperations proxmox, Inventory inventory) {
		this.proxmox = proxmox;
		this.inventory = inventory;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String name = (String) execution.getVariable(ProxmoxVariables.VM_NAME);
		String node = (String) execution.getVariable(ProxmoxVariables.NODE);
		int vmid = (Integer) execution.getVariable(ProxmoxVariables.VMID);
		ProxmoxSite site = this.inventory.proxmox();
		CloneRequest request = CloneRequest.of(vmid, name)
			.withStorage(site.storage())
			.withDescription(VmOwnership.description(name, RolloutRun.of(execution)));
		try {
			Upid upid = this.proxmox.vms(node).cloneAsync(site.template().vmid(), request);
			execution.setVariable(ProxmoxVariables.DISPATCHED, true);
			execution.setVariable(ProxmoxVariables.TASK, upid.text());
		}
		catch (ProxmoxApiException ex) {
			// a clone of this step's from before a crash, or another run's, took this
			// VMID
			if (!ex.alreadyExists()) {
				throw ProxmoxFailures.translate(ex);
			}
			notDispatched(execution, name, vmid, "Proxmox answered '" + ex.reason() + "'");
		}
	}

	private void notDispatched(DelegateExecution execution, String name, int vmid, String why) {
		logger.info("Not cloning VM '" + name + "' as " + vmid + ": " + why
				+ "; waiting for it to be unlocked, then checking whose it is");
		execution.setVariable(ProxmoxVariables.DISPATCHED, false);
		execution.setVariable(ProxmoxVariables.TASK, null);
	}

}
