package org.homelab.rollout.proxmox.steps;

import java.util.function.Supplier;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.homelab.rollout.proxmox.ProxmoxException;

/**
 * Business versus technical failure for delegates: a transient fault propagates (the job
 * retries with back-off), a refusal becomes {@code PROXMOX_FAILED} with Proxmox's words
 * (retrying the same call would fail the same way).
 */
final class ProxmoxFailures {

	private ProxmoxFailures() {
	}

	static <T> T call(Supplier<T> call) {
		try {
			return call.get();
		}
		catch (ProxmoxException ex) {
			throw translate(ex);
		}
	}

	/** The exception itself when transient, else the BPMN error carrying its message. */
	static RuntimeException translate(ProxmoxException ex) {
		return ex.isTransient() ? ex : new BpmnError(ProxmoxVariables.FAILED, ex.getMessage(), ex);
	}

	/**
	 * Transient: the VM is locked (a backup, a migration, a clone), so Proxmox would fail
	 * the task it is asked for; the job's retries wait for the lock to go.
	 */
	static ProxmoxException locked(String node, int vmid, String lock, String action) {
		return new ProxmoxException("GET /nodes/" + node + "/qemu/" + vmid + "/status/current", "VM " + vmid
				+ " on Proxmox node " + node + " is locked (" + lock + "), so it cannot " + action + " yet; retried."
				+ " If the lock stays (e.g. a crashed backup or migration), check the node's Task History and clear it"
				+ " with 'qm unlock " + vmid + "' once nothing runs on the VM.", true, null);
	}

	static void run(Runnable call) {
		call(() -> {
			call.run();
			return null;
		});
	}

}
