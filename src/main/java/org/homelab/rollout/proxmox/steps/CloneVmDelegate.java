package org.homelab.rollout.proxmox.steps;

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
 * Starts a full clone of the inventory's template onto its storage, named as the VM and
 * marked as this run's in its description. Parallel runs may draw the same next VMID: the
 * loser asks again (task dispatch retry).
 */
@Component
class CloneVmDelegate implements JavaDelegate {

	static final int DISPATCH_ATTEMPTS = 5;

	private final ProxmoxOperations proxmox;

	private final Inventory inventory;

	CloneVmDelegate(ProxmoxOperations proxmox, Inventory inventory) {
		this.proxmox = proxmox;
		this.inventory = inventory;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String name = (String) execution.getVariable(ProxmoxVariables.VM_NAME);
		ProxmoxSite site = this.inventory.proxmox();
		String node = site.nodes().get(0);
		String description = VmOwnership.description(name, RolloutRun.of(execution));
		for (int attempt = 1;; attempt++) {
			int vmid = ProxmoxFailures.call(() -> this.proxmox.cluster().nextId());
			CloneRequest request = CloneRequest.of(vmid, name).withStorage(site.storage()).withDescription(description);
			try {
				Upid upid = this.proxmox.vms(node).cloneAsync(site.template().vmid(), request);
				execution.setVariable(ProxmoxVariables.VMID, vmid);
				execution.setVariable(ProxmoxVariables.NODE, node);
				execution.setVariable(ProxmoxVariables.CREATED, true);
				execution.setVariable(ProxmoxVariables.TASK, upid.text());
				return;
			}
			catch (ProxmoxApiException ex) {
				// another run took this VMID between nextid and clone: draw again
				if (!ex.alreadyExists() || attempt >= DISPATCH_ATTEMPTS) {
					throw ProxmoxFailures.translate(ex);
				}
			}
		}
	}

}
