package org.homelab.rollout.proxmox.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

/**
 * Starts the first backup of the covered VMs on one node now: one vzdump task
 * ({@code mode=snapshot}, to the pbs storage) for that node's VMs, the first node in the
 * inventory's order not started yet. Each VM's newest backup before it is recorded
 * ({@code backupsBefore}) so the check tells this run's snapshot from older ones. The
 * task's UPID goes to {@code proxmoxTask} for the wait.
 */
@Component
class StartBackupsDelegate implements JavaDelegate {

	private final BackupSetupSteps steps;

	StartBackupsDelegate(BackupSetupSteps steps) {
		this.steps = steps;
	}

	@Override
	public void execute(DelegateExecution execution) {
		List<BackupSetupSteps.CoveredVm> vms = this.steps.located(execution);
		List<String> started = started(execution);
		String node = vms.stream()
			.map(BackupSetupSteps.CoveredVm::node)
			.filter(n -> !started.contains(n))
			.findFirst()
			.orElseThrow(() -> new IllegalStateException("every node's backups were started already"));
		List<BackupSetupSteps.CoveredVm> here = vms.stream().filter(vm -> vm.node().equals(node)).toList();
		Map<Integer, String> before = BackupSetupSteps
			.before((String) execution.getVariable(BackupSetupVariables.BEFORE));
		for (BackupSetupSteps.CoveredVm vm : here) {
			before.put(vm.vmid(), this.steps.newest(vm).orElse(""));
		}
		String storage = this.steps.backup().storage();
		String task = ProxmoxFailures
			.call(() -> this.steps.proxmox()
				.backups()
				.backupAsync(node, storage, here.stream().map(BackupSetupSteps.CoveredVm::vmid).toList()))
			.text();
		started.add(node);
		execution.setVariable(BackupSetupVariables.BEFORE, BackupSetupSteps.before(before));
		execution.setVariable(BackupSetupVariables.NODES_STARTED, String.join(",", started));
		execution.setVariable(ProxmoxVariables.NODE, node);
		execution.setVariable(ProxmoxVariables.TASK, task);
	}

	static List<String> started(DelegateExecution execution) {
		String text = (String) execution.getVariable(BackupSetupVariables.NODES_STARTED);
		return (text == null || text.isBlank()) ? new ArrayList<>() : new ArrayList<>(List.of(text.split(",")));
	}

}
