package org.homelab.rollout.rehearsal.proxmox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One entry of storage.cfg: its id, type and options. A pbs entry's password lives apart,
 * as PVE keeps it in {@code /etc/pve/priv/storage/<id>.pw}: never in an answer.
 */
final class Storage {

	final String id;

	final String type;

	final Map<String, String> options = new LinkedHashMap<>();

	String password;

	Storage(String id, String type, String content) {
		this.id = id;
		this.type = type;
		this.options.put("content", content);
	}

	String content() {
		return this.options.getOrDefault("content", "");
	}

	boolean holds(String content) {
		return List.of(content().split(",")).contains(content);
	}

	boolean pbs() {
		return "pbs".equals(this.type);
	}

	boolean disabled() {
		return "1".equals(this.options.get("disable"));
	}

	int port() {
		return Integer.parseInt(this.options.getOrDefault("port", "8007"));
	}

	/** {@code GET /storage/{storage}}: the options, the password never. */
	Map<String, Object> entry() {
		Map<String, Object> entry = new LinkedHashMap<>();
		entry.put("storage", this.id);
		entry.put("type", this.type);
		this.options.forEach(entry::put);
		entry.put("digest", Integer.toHexString(this.options.hashCode()));
		return entry;
	}

}
