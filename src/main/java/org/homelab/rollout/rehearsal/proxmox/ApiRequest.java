package org.homelab.rollout.rehearsal.proxmox;

import java.util.List;
import java.util.Map;

import org.homelab.rollout.rehearsal.FaultInjector;

/**
 * One API call after routing: {@code path} is relative to {@code /api2/json},
 * {@code params} holds path variables, query and form parameters (repeated keys for
 * arrays), {@code user} the authenticated user (e.g. root@pam), and {@code fault} the
 * injected TASK_ERROR or VM_LOCKED fault the handler acts out, or null.
 */
record ApiRequest(String method, String path, Map<String, List<String>> params, String user, FaultInjector.Kind fault) {

	/** An injected TASK_ERROR: the task this call starts ends with an error. */
	boolean failTask() {
		return this.fault == FaultInjector.Kind.TASK_ERROR;
	}

	/** An injected VM_LOCKED: the guest counts as locked by a clone. */
	boolean lockedFault() {
		return this.fault == FaultInjector.Kind.VM_LOCKED;
	}

	String param(String name) {
		List<String> values = this.params.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	String param(String name, String fallback) {
		String value = param(name);
		return (value != null) ? value : fallback;
	}

	List<String> all(String name) {
		return this.params.getOrDefault(name, List.of());
	}

	/** PVE booleans are 1/0 on the wire. */
	boolean flag(String name) {
		return "1".equals(param(name));
	}

	boolean has(String name) {
		return this.params.containsKey(name);
	}

	String node() {
		return param("node");
	}

	int vmid() {
		return Integer.parseInt(param("vmid"));
	}

}
