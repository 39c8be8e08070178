package org.homelab.rollout.proxmox;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

final class ProxmoxStorageTemplate implements ProxmoxStorageOperations {

	private final ProxmoxHttp http;

	ProxmoxStorageTemplate(ProxmoxHttp http) {
		this.http = http;
	}

	@Override
	public Optional<StorageEntry> find(String storage) {
		try {
			return Optional.of(entry(this.http.get(new Form(), "storage", storage)));
		}
		catch (ProxmoxApiException ex) {
			if (ex.reason().contains("storage '" + storage + "' does not exist")) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	@Override
	public List<StorageEntry> list() {
		List<StorageEntry> entries = new ArrayList<>();
		this.http.get(new Form(), "storage").forEach(entry -> entries.add(entry(entry)));
		return entries;
	}

	@Override
	public void createPbs(PbsStorage storage) {
		Form form = new Form().add("storage", storage.storage())
			.add("type", "pbs")
			.add("server", storage.server())
			.add("port", storage.port())
			.add("datastore", storage.datastore())
			.add("namespace", storage.namespace())
			.add("fingerprint", storage.fingerprint())
			.add("username", storage.credentials().tokenId())
			.add("password", storage.credentials().secret())
			.add("content", "backup");
		this.http.post(form, "storage");
	}

	@Override
	public void delete(String storage) {
		this.http.delete(new Form(), "storage", storage);
	}

	@Override
	public StorageStatus status(String node, String storage) {
		JsonNode status = this.http.get(new Form(), "nodes", node, "storage", storage, "status");
		return new StorageStatus(status.path("type").asText(), status.path("active").asInt() == 1,
				status.path("enabled").asInt(1) == 1, status.path("total").asLong(), status.path("used").asLong(),
				status.path("avail").asLong());
	}

	@Override
	public List<BackupVolume> backups(String node, String storage, int vmid) {
		return backups(new Form().add("content", "backup").add("vmid", vmid), node, storage);
	}

	@Override
	public List<BackupVolume> backups(String node, String storage) {
		return backups(new Form().add("content", "backup"), node, storage);
	}

	private List<BackupVolume> backups(Form query, String node, String storage) {
		List<BackupVolume> volumes = new ArrayList<>();
		for (JsonNode volume : this.http.get(query, "nodes", node, "storage", storage, "content")) {
			JsonNode verification = volume.path("verification");
			volumes.add(new BackupVolume(volume.path("volid").asText(), volume.path("vmid").asInt(),
					Instant.ofEpochSecond(volume.path("ctime").asLong()), volume.path("size").asLong(),
					volume.path("format").asText(null), volume.path("notes").asText(null),
					verification.isObject() ? verification.path("state").asText(null) : null));
		}
		volumes.sort(Comparator.comparing(BackupVolume::ctime));
		return volumes;
	}

	private static StorageEntry entry(JsonNode entry) {
		Map<String, String> values = new LinkedHashMap<>();
		entry.properties().forEach(e -> values.put(e.getKey(), e.getValue().asText()));
		String content = values.getOrDefault("content", "");
		return new StorageEntry(values.get("storage"), values.get("type"),
				content.isEmpty() ? List.of() : List.of(content.split(",")), "1".equals(values.get("disable")), values);
	}

}
