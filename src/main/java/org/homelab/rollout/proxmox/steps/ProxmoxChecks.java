package org.homelab.rollout.proxmox.steps;

import org.homelab.rollout.proxmox.ProxmoxException;
import org.homelab.rollout.waiting.Check;

final class ProxmoxChecks {

	private ProxmoxChecks() {
	}

	/**
	 * Transient: thrown, so the poller retries the look with back-off; otherwise the
	 * model's PROXMOX_FAILED.
	 */
	static Check failure(ProxmoxException ex) {
		if (ex.isTransient()) {
			throw ex;
		}
		return Check.bpmnError(ProxmoxVariables.FAILED, ex.getMessage());
	}

}
