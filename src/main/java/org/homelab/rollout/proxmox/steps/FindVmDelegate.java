package org.homelab.rollout.proxmox.steps;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

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
 *
 * <p>
 * A VM still being cloned for no live run of this engine (a run cancelled in Cockpit
 * while its clone copied) has no name until its clone ends, so it may become the VM
 * looked for: then {@code orphanClone} and {@code orphanCloneNode} name it and the model
 * waits it out and looks again, instead of cloning a second VM of that name. Clones of
 * live runs (parallel branches, other runs) are never waited for: their runs own them.
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
		List<Found> cloning = new ArrayList<>();
		for (String node : this.inventory.proxmox().nodes()) {
			List<VmSummary> vms = ProxmoxFailures.call(() -> this.proxmox.vms(node).list())
				.stream()
				.filter(vm -> !vm.template())
				.sorted(Comparator.comparingInt(VmSummary::vmid))
				.toList();
			for (VmSummary vm : vms) {
				if (VmUnlockWait.CLONE_LOCK.equals(vm.lock())) {
					cloning.add(new Found(node, vm.vmid(), false, false));
				}
				else if (name.equals(vm.name())) {
					boolean ours = VmOwnership
						.createdBy(ProxmoxFailures.call(() -> this.proxmox.vms(node).config(vm.vmid())), run);
					if (best == null || (ours && !best.ours())) {
						best = new Found(node, vm.vmid(), ours, "running".equals(vm.status()));
					}
				}
			}
		}
		Found orphan = (best != null) ? null : orphanClone(execution, cloning);
		execution.setVariable(ProxmoxVariables.ORPHAN_CLONE, (orphan != null) ? orphan.vmid() : null);
		execution.setVariable(ProxmoxVariables.ORPHAN_CLONE_NODE, (orphan != null) ? orphan.node() : null);
		if (orphan != null) {
			logger.info("VM '" + name + "' not found; VM " + orphan.vmid() + " on " + orphan.node()
					+ " is being cloned for no live run and has no name yet: waited out before looking again");
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

	/**
	 * The first of the VMs being cloned whose VMID no live process instance holds (drawn
	 * by reserve-vmid and kept until the run ends), or null.
	 */
	private static Found orphanClone(DelegateExecution execution, List<Found> cloning) {
		if (cloning.isEmpty()) {
			return null;
		}
		Set<Object> held = execution.getProcessEngineServices()
			.getRuntimeService()
			.createVariableInstanceQuery()
			.variableName(ProxmoxVariables.VMID)
			.list()
			.stream()
			.map(variable -> variable.getValue())
			.filter(Objects::nonNull)
			.collect(Collectors.toSet());
		return cloning.stream().filter(vm -> !held.contains(vm.vmid())).findFirst().orElse(null);
	}

	private record Found(String node, int vmid, boolean ours, boolean running) {
	}

}
