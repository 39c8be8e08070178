package org.homelab.rollout.proxmox;

import java.util.Set;

/** One entry of the node's guest list. {@code lock} is null when unlocked. */
public record VmSummary(int vmid, String name, String status, boolean template, String lock, Set<String> tags) {

	public VmSummary {
		tags = Set.copyOf(tags);
	}

}
