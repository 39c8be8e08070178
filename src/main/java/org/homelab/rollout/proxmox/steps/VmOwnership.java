package org.homelab.rollout.proxmox.steps;

import org.homelab.rollout.proxmox.VmConfig;

/**
 * How a VM says which rollout run created it: a line {@code homelab-rollout-run: <run>}
 * in its description, written by the clone call itself (so it is there from the first
 * moment), plus the rollout's tag for people and filters.
 */
final class VmOwnership {

	static final String MARK = "homelab-rollout-run: ";

	private VmOwnership() {
	}

	static String description(String vmName, String run) {
		return "Created by homelab-rollout for the plan's VM '" + vmName + "'. Deleting it is the rollout's job.\n"
				+ MARK + run + "\n";
	}

	/** True only for a VM the given run created: adopted or foreign VMs never qualify. */
	static boolean createdBy(VmConfig config, String run) {
		return config.description().lines().anyMatch(line -> line.strip().equals(MARK + run));
	}

}
