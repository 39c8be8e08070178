package org.homelab.rollout.rehearsal.vault;

import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A request as Vault's router sees it: the path below {@code /v1/} (a list adds the
 * trailing slash), the logical operation, the caller's token (null when none was sent)
 * and the JSON body (empty object when none).
 */
record VaultRequest(String method, Op op, String path, Map<String, String> query, String token, ObjectNode body) {

	String query(String name, String fallback) {
		return this.query.getOrDefault(name, fallback);
	}

	/** The first path segment, which also names the fault operation. */
	String area() {
		int slash = this.path.indexOf('/');
		return (slash < 0) ? this.path : this.path.substring(0, slash);
	}

}
