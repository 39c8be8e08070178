package org.homelab.rollout.matrix;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * What Proxmox VE showed of Phase 4's cells beyond monitoring and Vault: the newest
 * backup of each VM on the Proxmox Backup Server's storage entry.
 *
 * @param storage PVE's storage entry of type pbs (the inventory's)
 * @param newestBackups each VM (by name) with a backup there, and when its newest was
 * taken; null when PVE could not be asked
 * @param problem why PVE could not be asked, else null
 */
public record Phase4Observed(String storage, Map<String, Instant> newestBackups, String problem) {

	public Phase4Observed {
		newestBackups = (newestBackups != null) ? new TreeMap<>(newestBackups) : null;
	}

	public static Phase4Observed of(String storage, Map<String, Instant> newestBackups) {
		return new Phase4Observed(storage, newestBackups, null);
	}

	public static Phase4Observed failed(String storage, String problem) {
		return new Phase4Observed(storage, null, problem);
	}

}
