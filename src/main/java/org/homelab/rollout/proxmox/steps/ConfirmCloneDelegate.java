package org.homelab.rollout.proxmox.steps;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.engine.RolloutRun;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.proxmox.VmConfig;

import org.springframework.stereotype.Component;

/**
 * Only reads: whether the cloned VM {@code vmid} is this run's clone of {@code vmName},
 * from the name and description the clone call wrote (present once the clone is over; the
 * name too, since one rollout run provisions several VMs in parallel). Sets
 * {@code vmCreated}: true, the run configures it and its rollback may delete it; false,
 * it is another run's that drew the same VMID, never touched, and the run draws again.
 */
@Component
class ConfirmCloneDelegate implements JavaDelegate {

	private static final Log logger = LogFactory.getLog(ConfirmCloneDelegate.class);

	private final ProxmoxOperations proxmox;

	ConfirmCloneDelegate(ProxmoxOperations proxmox) {
		this.proxmox = proxmox;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String node = (String) execution.getVariable(ProxmoxVariables.NODE);
		int vmid = (Integer) execution.getVariable(ProxmoxVariables.VMID);
		String name = (String) execution.getVariable(ProxmoxVariables.VM_NAME);
		String run = RolloutRun.of(execution);
		VmConfig config = ProxmoxFailures.call(() -> this.proxmox.vms(node).config(vmid));
		boolean ours = name.equals(config.name()) && VmOwnership.createdBy(config, run);
		execution.setVariable(ProxmoxVariables.CREATED, ours);
		if (!ours) {
			logger.info("VM " + vmid + " on " + node + " ('" + config.name() + "') is not run " + run + "'s clone of '"
					+ name + "': leaving it alone and drawing another VMID");
		}
	}

}
