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

	static void run(Runnable call) {
		call(() -> {
			call.run();
			return null;
		});
	}

}
