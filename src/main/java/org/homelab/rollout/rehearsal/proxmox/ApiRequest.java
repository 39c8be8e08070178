package org.homelab.rollout.rehearsal.proxmox;

import java.util.List;
import java.util.Map;

/**
 * One API call after routing: {@code path} is relative to {@code /api2/json}, {@code params} holds path variables,
 * query and form parameters (repeated keys for arrays), {@code user} the authenticated user (e.g. root@pam), and
 * {@code failTask} whether an injected TASK_ERROR fault makes the task this call starts fail.
 */
record ApiRequest(String method, String path, Map<String, List<String>> params, String user, boolean failTask) {

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
