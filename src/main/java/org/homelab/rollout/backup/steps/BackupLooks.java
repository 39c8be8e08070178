package org.homelab.rollout.backup.steps;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.homelab.rollout.backup.BackupInventory;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.inventory.PlannedVm;
import org.homelab.rollout.proxmox.BackupJob;
import org.homelab.rollout.proxmox.BackupVolume;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.proxmox.StorageStatus;
import org.homelab.rollout.proxmox.VmSummary;

import org.springframework.stereotype.Component;

/**
 * What Phase 4's criteria and its runbook read of Proxmox VE, one listing each: which VMs
 * the backups must cover (the rollout's planned VMs that exist, Proxmox Backup's own
 * excepted: a backup server backed up into itself brings nothing back; and the existing
 * services' VMs of {@code inventory.backup.existing-vms}), the backup jobs writing to the
 * PBS storage entry, the newest backup of each VM there, and the storage's status.
 */
@Component
public class BackupLooks {

	/** The VM Proxmox Backup Server runs on; never among the VMs it backs up. */
	public static final String BACKUP_VM = "proxmox-backup";

	private final ProxmoxOperations proxmox;

	private final Inventory inventory;

	private final BackupInventory backup;

	BackupLooks(ProxmoxOperations proxmox, Inventory inventory, BackupInventory backup) {
		this.proxmox = proxmox;
		this.inventory = inventory;
		this.backup = backup;
	}

	/** A VM the backups cover, where Proxmox shows it. */
	public record Covered(String name, int vmid, String node, boolean existing) {
	}

	/**
	 * The VMs the backups must cover, and the names of {@code existing-vms} Proxmox does
	 * not show (a typo or a VM gone: the criteria say so).
	 */
	public record Coverage(List<Covered> vms, List<String> notFound) {
	}

	public Coverage coverage() {
		Map<String, Covered> found = new LinkedHashMap<>();
		for (String node : this.inventory.proxmox().nodes()) {
			for (VmSummary vm : this.proxmox.vms(node).list()) {
				if (!vm.template()) {
					found.putIfAbsent(vm.name(), new Covered(vm.name(), vm.vmid(), node, false));
				}
			}
		}
		List<Covered> vms = new ArrayList<>();
		for (PlannedVm planned : this.inventory.vms()) {
			if (!planned.name().equals(BACKUP_VM) && found.containsKey(planned.name())) {
				vms.add(found.get(planned.name()));
			}
		}
		List<String> notFound = new ArrayList<>();
		for (String name : this.backup.existingVms()) {
			Covered vm = found.get(name);
			if (vm == null) {
				notFound.add(name);
			}
			else if (vms.stream().noneMatch(v -> v.name().equals(name))) {
				vms.add(new Covered(vm.name(), vm.vmid(), vm.node(), true));
			}
		}
		return new Coverage(List.copyOf(vms), List.copyOf(notFound));
	}

	/** The cluster's backup jobs that write to the PBS storage entry. */
	public List<BackupJob> jobs() {
		return this.proxmox.backups()
			.jobs()
			.stream()
			.filter(job -> this.backup.storage().equals(job.storage()))
			.toList();
	}

	/** The newest backup of each VMID on the PBS storage of {@code node}. */
	public Map<Integer, Instant> newestBackups(String node) {
		Map<Integer, Instant> newest = new LinkedHashMap<>();
		for (BackupVolume volume : this.proxmox.storage().backups(node, this.backup.storage())) {
			newest.merge(volume.vmid(), volume.ctime(), (a, b) -> a.isAfter(b) ? a : b);
		}
		return newest;
	}

	/**
	 * The PBS storage entry's status on {@code node}; empty when PVE has no such entry.
	 */
	public Optional<StorageStatus> storage(String node) {
		if (this.proxmox.storage().find(this.backup.storage()).isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(this.proxmox.storage().status(node, this.backup.storage()));
	}

	public BackupInventory inventory() {
		return this.backup;
	}

	/** The node the planned VMs go to, where the PBS storage is looked at. */
	public String node() {
		return this.inventory.proxmox().nodes().get(0);
	}

}
