package org.homelab.rollout.proxmox.steps;

import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.engine.RolloutRun;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.inventory.ProxmoxSite;
import org.homelab.rollout.proxmox.ProxmoxApiException;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.proxmox.RestoreRequest;
import org.homelab.rollout.proxmox.VmConfig;
import org.homelab.rollout.proxmox.VmStatus;
import org.homelab.rollout.proxmox.VmSummary;

import org.springframework.stereotype.Component;

/**
 * Restores the backup ({@code restoreArchive}) into the scratch VMID reserve-vmid drew,
 * isolated (net0 {@code link_down=1}, not started at boot), named {@code vmName} and
 * marked as this run's in its description, so destroy-vm may delete it and nothing else.
 * Looks first: a VM of that name this run created (a retry, a re-run after a crash) is
 * adopted and nothing is restored twice. A restore never names the original VM's VMID:
 * PVE refuses a taken VMID, so the original is never touched.
 */
@Component
class RestoreBackupDelegate implements JavaDelegate {

	private static final Log logger = LogFactory.getLog(RestoreBackupDelegate.class);

	private final ProxmoxOperations proxmox;

	private final Inventory inventory;

	private final ProxmoxStepProperties properties;

	RestoreBackupDelegate(ProxmoxOperations proxmox, Inventory inventory, ProxmoxStepProperties properties) {
		this.proxmox = proxmox;
		this.inventory = inventory;
		this.properties = properties;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String name = (String) execution.getVariable(ProxmoxVariables.VM_NAME);
		String run = RolloutRun.of(execution);
		if (adopted(execution, name, run)) {
			return;
		}
		String node = (String) execution.getVariable(ProxmoxVariables.NODE);
		int vmid = (Integer) execution.getVariable(ProxmoxVariables.VMID);
		String archive = (String) execution.getVariable(RestoreTestVariables.ARCHIVE);
		ProxmoxSite site = this.inventory.proxmox();
		RestoreRequest request = RestoreRequest.of(vmid, archive)
			.withStorage(site.storage())
			.isolated(site.bridge(), name)
			.withOverride("description", VmOwnership.description(name, run))
			.withOverride("tags", this.properties.tag());
		try {
			execution.setVariable(ProxmoxVariables.TASK, this.proxmox.backups().restoreAsync(node, request).text());
		}
		catch (ProxmoxApiException ex) {
			if (!ex.alreadyExists()) {
				throw ProxmoxFailures.translate(ex);
			}
			VmStatus taken = ProxmoxFailures.call(() -> this.proxmox.vms(node).status(vmid));
			if (taken.lock() != null) {
				// maybe this step's own restore from before a crash, still without its
				// name: once it ends, the look above finds it
				throw ProxmoxFailures.locked(node, vmid, taken.lock(), "take a restore");
			}
			throw new BpmnError(ProxmoxVariables.FAILED,
					"Scratch VMID " + vmid + " on " + node
							+ " was taken by another guest before the restore (Proxmox answered '" + ex.reason()
							+ "'): nothing was restored. Run the restore test again; it draws another VMID.");
		}
		execution.setVariable(RestoreTestVariables.ADOPTED, false);
		execution.setVariable(ProxmoxVariables.CREATED, true);
	}

	/**
	 * This run's scratch VM of that name, if any, becomes the one the test goes on with.
	 */
	private boolean adopted(DelegateExecution execution, String name, String run) {
		for (String node : this.inventory.proxmox().nodes()) {
			List<VmSummary> named = ProxmoxFailures.call(() -> this.proxmox.vms(node).list())
				.stream()
				.filter(vm -> !vm.template() && name.equals(vm.name()))
				.toList();
			for (VmSummary vm : named) {
				VmConfig config = ProxmoxFailures.call(() -> this.proxmox.vms(node).config(vm.vmid()));
				if (VmOwnership.createdBy(config, run)) {
					logger.info("Scratch VM '" + name + "' of run " + run + " exists as " + vm.vmid() + " on " + node
							+ ": adopted, not restored again");
					execution.setVariable(ProxmoxVariables.VMID, vm.vmid());
					execution.setVariable(ProxmoxVariables.NODE, node);
					execution.setVariable(ProxmoxVariables.TASK, null);
					execution.setVariable(RestoreTestVariables.ADOPTED, true);
					execution.setVariable(ProxmoxVariables.CREATED, true);
					return true;
				}
			}
		}
		return false;
	}

}
