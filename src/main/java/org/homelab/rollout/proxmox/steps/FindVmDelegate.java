package org.homelab.rollout.proxmox.steps;

import java.util.Comparator;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.engine.RolloutRun;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.proxmox.VmSummary;

import org.springframework.stereotype.Component;

/**
 * Looks for the VM by name on every inventory node. Sets {@code vmFound}, and when found
 * {@code vmid}, {@code proxmoxNode}, {@code vmCreated} (whether this run created it, from
 * its description) and {@code vmRunning}, so a re-run adopts instead of cloning again, a
 * run that crashed after cloning still knows its own VM, and a clone a cancelled run left
 * stopped and unconfigured is configured before it boots.
 */
@Component
class FindVmDelegate implements JavaDelegate {

	private static final Log logger = LogFactory.getLog(FindVmDelegate.class);

	private final ProxmoxOperations proxmox;

	private final Inventory inventory;

	FindVmDelegate(ProxmoxOperations proxmox, Inventory inventory) {
		this.proxmox = proxmox;
		this.inventory = inventory;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String name = (String) execution.getVariable(ProxmoxVariables.VM_NAME);
		String run = RolloutRun.of(execution);
		execution.setVariable(ProxmoxVariables.ROLLOUT_RUN, run);
		Found best = null;
		for (String node : this.inventory.proxmox().nodes()) {
			List<VmSummary> named = ProxmoxFailures.call(() -> this.proxmox.vms(node).list())
				.stream()
				.filter(vm -> !vm.template() && name.equals(vm.name()))
				.sorted(Comparator.comparingInt(VmSummary::vmid))
				.toList();
			for (VmSummary vm : named) {
				boolean ours = VmOwnership
					.createdBy(ProxmoxFailures.call(() -> this.proxmox.vms(node).config(vm.vmid())), run);
				if (best == null || (ours && !best.ours())) {
					best = new Found(node, vm.vmid(), ours, "running".equals(vm.status()));
				}
			}
		}
		execution.setVariable(ProxmoxVariables.FOUND, best != null);
		execution.setVariable(ProxmoxVariables.CREATED, best != null && best.ours());
		execution.setVariable(ProxmoxVariables.RUNNING, best != null && best.running());
		if (best != null) {
			execution.setVariable(ProxmoxVariables.VMID, best.vmid());
			execution.setVariable(ProxmoxVariables.NODE, best.node());
			logger.info("VM '" + name + "' exists as " + best.vmid() + " on " + best.node()
					+ (best.ours() ? ", created by this run " + run : ", adopted (not created by run " + run + ")")
					+ (best.running() ? ", running" : ", stopped: configured as planned before it starts"));
		}
	}

	private record Found(String node, int vmid, boolean ours, boolean running) {
	}

}
