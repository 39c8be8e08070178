package org.homelab.rollout.rehearsal.vault;

import java.util.Map;
import java.util.UUID;

/**
 * A secrets engine or auth method mounted at {@code path} (with trailing slash, without
 * the "auth/" prefix for auth methods). A kv engine keeps its version in {@code options},
 * as Vault does for "kv-v2".
 */
record Mount(String path, String type, String description, Map<String, String> options, String accessor, String uuid,
		boolean auth) {

	static Mount of(String path, String type, String description, Map<String, String> options, boolean auth) {
		String id = UUID.randomUUID().toString();
		String accessor = (auth ? "auth_" : "") + type + "_" + id.substring(0, 8);
		return new Mount(path, type, description, Map.copyOf(options), accessor, UUID.randomUUID().toString(), auth);
	}

	boolean kvVersion2() {
		return "kv".equals(this.type) && "2".equals(this.options.get("version"));
	}

	/**
	 * How the published contract names this mount's paths, e.g.
	 * {@code {kv_v2_mount_path}}.
	 */
	String specPrefix() {
		return switch (this.type) {
			case "system" -> "sys";
			case "cubbyhole", "identity", "token" -> (this.auth ? "auth/" : "") + this.type;
			case "kv" -> kvVersion2() ? "{kv_v2_mount_path}" : "{kv_v1_mount_path}";
			default -> (this.auth ? "auth/" : "") + "{" + this.type.replace('-', '_') + "_mount_path}";
		};
	}

	/** The full request path prefix, e.g. "homelab/" or "auth/kubernetes/". */
	String requestPrefix() {
		return (this.auth ? "auth/" : "") + this.path;
	}

}
