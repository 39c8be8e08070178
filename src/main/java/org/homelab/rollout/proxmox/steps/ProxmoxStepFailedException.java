package org.homelab.rollout.proxmox.steps;

/**
 * A Proxmox failure waiting for an operator, raised as an incident whose message is what
 * Proxmox said.
 */
class ProxmoxStepFailedException extends RuntimeException {

	ProxmoxStepFailedException(String message) {
		super(message);
	}

}
