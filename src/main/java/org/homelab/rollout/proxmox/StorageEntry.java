package org.homelab.rollout.proxmox;

import java.util.List;
import java.util.Map;

/**
 * A storage.cfg entry as {@code GET /storage/{storage}} answers it (a pbs entry's
 * password never).
 *
 * @param values every option as PVE answered it
 */
public record StorageEntry(String storage, String type, List<String> content, boolean disabled,
		Map<String, String> values) {

	public StorageEntry {
		content = List.copyOf(content);
		values = Map.copyOf(values);
	}

	/** For pbs: the server, datastore, token id and pinned fingerprint, or null. */
	public String server() {
		return this.values.get("server");
	}

	public String datastore() {
		return this.values.get("datastore");
	}

	public String username() {
		return this.values.get("username");
	}

	public String fingerprint() {
		return this.values.get("fingerprint");
	}

	/** The PBS API port: PVE's default 8007 when the entry names none. */
	public int port() {
		return Integer.parseInt(this.values.getOrDefault("port", "8007"));
	}

}
