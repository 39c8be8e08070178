package org.homelab.rollout.rehearsal.vault;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One KV v2 secret: its versions (oldest pruned beyond {@code maxVersions}) and metadata.
 */
final class KvSecret {

	/** One version; {@code deleted} is null unless soft-deleted. */
	record Version(JsonNode data, Instant created, Instant deleted, boolean destroyed) {
	}

	final TreeMap<Integer, Version> versions = new TreeMap<>();

	final Instant created;

	Instant updated;

	int currentVersion;

	int maxVersions;

	boolean casRequired;

	Map<String, String> customMetadata = Map.of();

	KvSecret(Instant created) {
		this.created = created;
		this.updated = created;
	}

	int write(JsonNode data, Instant now, int mountMaxVersions) {
		this.currentVersion++;
		this.versions.put(this.currentVersion, new Version(data.deepCopy(), now, null, false));
		this.updated = now;
		int keep = (this.maxVersions > 0) ? this.maxVersions : mountMaxVersions;
		while (this.versions.size() > keep) {
			this.versions.pollFirstEntry();
		}
		return this.currentVersion;
	}

	void mark(int version, Instant deleted, boolean destroyed) {
		Version old = this.versions.get(version);
		if (old != null) {
			this.versions.put(version,
					new Version(destroyed ? null : old.data(), old.created(), deleted, destroyed || old.destroyed()));
		}
	}

	/** The "metadata" block of a data read or write, as Vault returns it. */
	ObjectNode versionMetadata(int version) {
		Version v = this.versions.get(version);
		ObjectNode meta = Json.object();
		meta.put("created_time", v.created().toString());
		meta.set("custom_metadata",
				this.customMetadata.isEmpty() ? null : Json.MAPPER.valueToTree(this.customMetadata));
		meta.put("deletion_time", (v.deleted() != null) ? v.deleted().toString() : "");
		meta.put("destroyed", v.destroyed());
		meta.put("version", version);
		return meta;
	}

	ObjectNode metadata() {
		ObjectNode meta = Json.object();
		meta.put("cas_required", this.casRequired);
		meta.put("created_time", this.created.toString());
		meta.put("current_version", this.currentVersion);
		meta.set("custom_metadata",
				this.customMetadata.isEmpty() ? null : Json.MAPPER.valueToTree(this.customMetadata));
		meta.put("delete_version_after", "0s");
		meta.put("max_versions", this.maxVersions);
		meta.put("oldest_version", this.versions.isEmpty() ? 0 : this.versions.firstKey());
		meta.put("updated_time", this.updated.toString());
		ObjectNode versions = meta.putObject("versions");
		this.versions.forEach((number, v) -> {
			ObjectNode entry = versions.putObject(String.valueOf(number));
			entry.put("created_time", v.created().toString());
			entry.put("deletion_time", (v.deleted() != null) ? v.deleted().toString() : "");
			entry.put("destroyed", v.destroyed());
		});
		return meta;
	}

}
