package org.homelab.rollout.matrix;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.homelab.rollout.proxmox.BackupVolume;
import org.homelab.rollout.proxmox.ProxmoxException;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.proxmox.VmSummary;

/**
 * Phase 4's look for its cells: which VMs have a backup on the PBS storage entry, on each
 * of the inventory's Proxmox nodes (one content listing and one VM listing a node).
 */
public final class Phase4Looks {

	private final ProxmoxOperations proxmox;

	private final List<String> nodes;

	private final String storage;

	public Phase4Looks(ProxmoxOperations proxmox, List<String> nodes, String storage) {
		this.proxmox = proxmox;
		this.nodes = List.copyOf(nodes);
		this.storage = storage;
	}

	public Phase4Observed observe() {
		Map<String, Instant> newest = new TreeMap<>();
		try {
			for (String node : this.nodes) {
				Map<Integer, String> names = new HashMap<>();
				for (VmSummary vm : this.proxmox.vms(node).list()) {
					names.put(vm.vmid(), vm.name());
				}
				if (this.proxmox.storage().find(this.storage).isEmpty()) {
					return Phase4Observed.failed(this.storage,
							"Proxmox VE has no storage '" + this.storage + "' (backup-setup makes it)");
				}
				for (BackupVolume backup : this.proxmox.storage().backups(node, this.storage)) {
					String name = names.getOrDefault(backup.vmid(), "vmid " + backup.vmid());
					newest.merge(name, backup.ctime(), (a, b) -> a.isAfter(b) ? a : b);
				}
			}
		}
		catch (ProxmoxException | java.io.UncheckedIOException ex) {
			return Phase4Observed.failed(this.storage, ex.getMessage());
		}
		return Phase4Observed.of(this.storage, newest);
	}

}
