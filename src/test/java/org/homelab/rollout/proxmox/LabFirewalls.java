package org.homelab.rollout.proxmox;

import org.homelab.rollout.rehearsal.proxmox.ProxmoxLab;

/** The firewall client of a lab's node, for tests outside this package (the matrix's). */
public final class LabFirewalls {

	private LabFirewalls() {
	}

	public static ProxmoxFirewallOperations of(ProxmoxLab lab) {
		return LabSites.client(lab).firewall("pve");
	}

}
