package org.homelab.rollout.backup.steps;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.proxmox.ConfigRequest;
import org.homelab.rollout.proxmox.ProxmoxVmOperations;

import org.springframework.stereotype.Component;

/**
 * pbs-remove with {@code deleteBackups}: the datastore's disk this run added is detached
 * and its volume deleted (PVE keeps a detached disk as {@code unusedN}, deleted next).
 * Without deleteBackups, or for an adopted disk, nothing happens: the backups stay.
 */
@Component
class RemovePbsDiskDelegate implements JavaDelegate {

	private final PbsSteps steps;

	RemovePbsDiskDelegate(PbsSteps steps) {
		this.steps = steps;
	}

	@Override
	public void execute(DelegateExecution execution) {
		if (!RemovePbsConfigurationDelegate.yes(execution, PbsVariables.DISK_ADDED)
				|| !RemovePbsConfigurationDelegate.yes(execution, PbsVariables.DELETE_BACKUPS)) {
			return;
		}
		String disk = (String) execution.getVariable(PbsVariables.DISK);
		int vmid = (Integer) execution.getVariable("vmid");
		ProxmoxVmOperations vms = this.steps.proxmox().vms((String) execution.getVariable("proxmoxNode"));
		Map<String, String> config = vms.config(vmid).values();
		String drive = config.get(disk);
		if (drive == null) {
			return;
		}
		String volume = drive.split(",")[0];
		vms.configure(vmid, ConfigRequest.create().withDeleted(List.of(disk)));
		vms.config(vmid)
			.values()
			.entrySet()
			.stream()
			.filter(e -> e.getKey().startsWith("unused") && e.getValue().split(",")[0].equals(volume))
			.map(Map.Entry::getKey)
			.findFirst()
			.ifPresent(unused -> vms.configure(vmid, ConfigRequest.create().withDeleted(List.of(unused))));
	}

}
