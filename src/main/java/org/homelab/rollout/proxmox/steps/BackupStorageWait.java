package org.homelab.rollout.proxmox.steps;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.homelab.rollout.backup.BackupInventory;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.proxmox.ProxmoxException;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.proxmox.StorageStatus;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;

import org.springframework.stereotype.Component;

/**
 * Topic {@code proxmox-backup-storage}: waits until each of the inventory's nodes reports
 * the pbs storage ({@code inventory.backup.storage}) active, i.e. it reaches the Proxmox
 * Backup Server with the pinned fingerprint and the token. One status look per check (GET
 * /nodes/{node}/storage/{storage}/status), the nodes one after another; nodes found
 * active are remembered.
 */
@Component
class BackupStorageWait implements WaitCondition {

	static final String TOPIC = "proxmox-backup-storage";

	private final ProxmoxOperations proxmox;

	private final Inventory inventory;

	private final BackupInventory backup;

	BackupStorageWait(ProxmoxOperations proxmox, Inventory inventory, BackupInventory backup) {
		this.proxmox = proxmox;
		this.inventory = inventory;
		this.backup = backup;
	}

	@Override
	public String topic() {
		return TOPIC;
	}

	@Override
	public Set<String> variables() {
		return Set.of(BackupSetupVariables.PBS_ADDRESS);
	}

	@Override
	public Check check(Look look) {
		List<String> nodes = this.inventory.proxmox().nodes();
		Integer active = look.remembered(Integer.class);
		int done = (active != null) ? active : 0;
		String node = nodes.get(done);
		String storage = this.backup.storage();
		try {
			StorageStatus status = this.proxmox.storage().status(node, storage);
			if (!status.active()) {
				return Check.waiting("Proxmox VE node " + node + " to report storage '" + storage
						+ "' active (it reaches Proxmox Backup Server "
						+ look.optional(BackupSetupVariables.PBS_ADDRESS, String.class)
						+ " with the pinned fingerprint and the token)");
			}
			if (done + 1 < nodes.size()) {
				look.remember(done + 1);
				return Check.waiting("the other Proxmox VE nodes to report storage '" + storage + "' active");
			}
			return Check.done(Map.of());
		}
		catch (ProxmoxException ex) {
			return ProxmoxChecks.failure(ex);
		}
	}

	@Override
	public String overdue(Look look) {
		return "Check that the node reaches the Proxmox Backup Server (pvesm status; the storage's server, fingerprint "
				+ "and the token's permission on the datastore), and that proxmox-backup-proxy runs on it.";
	}

}
