package org.homelab.rollout.backup.steps;

import java.util.List;
import java.util.Set;

import org.homelab.rollout.backup.BackupInventory;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.inventory.PlannedVm;

import org.springframework.stereotype.Component;

/**
 * What phase-4-backup's expressions read of the inventory: where Proxmox Backup Server
 * goes and which VMs the restore tests prove, one per class of the plan's VMs (Phase 1:
 * prometheus, vault; Phase 2: gitlab-ce; Phase 3: ansible), each with the service check
 * of deploy/backup/restore-checks named after it.
 */
@Component("phase4Model")
public class Phase4Model {

	/** The checks restore-test has besides {@code generic}. */
	static final Set<String> CHECKS = Set.of("vault", "gitlab-ce", "prometheus", "ansible");

	private final Inventory inventory;

	private final BackupInventory backup;

	Phase4Model(Inventory inventory, BackupInventory backup) {
		this.inventory = inventory;
		this.backup = backup;
	}

	/** Whether PBS gets the plan's own VM (else it goes on the frontend server). */
	public boolean isOnOwnVm() {
		return this.backup.placement() == BackupInventory.Placement.VM;
	}

	/** The VM PBS is installed on. */
	public String getPbsVm() {
		return isOnOwnVm() ? BackupLooks.BACKUP_VM : this.inventory.frontend().vmName();
	}

	/** The planned VMs whose newest backup the phase restores, in the plan's order. */
	public List<String> getRestoreVms() {
		return this.inventory.vms()
			.stream()
			.map(PlannedVm::name)
			.filter(name -> !name.equals(BackupLooks.BACKUP_VM))
			.toList();
	}

	/** The restore check for a VM: its service's, else the generic one. */
	public String checkOf(String vm) {
		return CHECKS.contains(vm) ? vm : "generic";
	}

}
