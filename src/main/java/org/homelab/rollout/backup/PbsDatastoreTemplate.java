package org.homelab.rollout.backup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

final class PbsDatastoreTemplate implements PbsDatastoreOperations {

	private final PbsHttp http;

	PbsDatastoreTemplate(PbsHttp http) {
		this.http = http;
	}

	@Override
	public List<Datastore> list() {
		List<Datastore> stores = new ArrayList<>();
		for (JsonNode store : this.http.get(new PbsForm(), "config", "datastore")) {
			stores.add(datastore(store));
		}
		return stores;
	}

	@Override
	public Optional<Datastore> get(String name) {
		try {
			return Optional.of(datastore(this.http.get(new PbsForm(), "config", "datastore", name)));
		}
		catch (PbsApiException ex) {
			if (ex.notFound()) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	@Override
	public Optional<String> ensure(String name, String path, String gcSchedule, String comment) {
		return ensure(name, path, gcSchedule, comment, false);
	}

	@Override
	public Optional<String> ensure(String name, String path, String gcSchedule, String comment, boolean reuse) {
		Optional<Datastore> existing = get(name);
		if (existing.isPresent()) {
			if (!existing.get().path().equals(path)) {
				throw new PbsException("POST /config/datastore",
						"Proxmox Backup Server already has a datastore '" + name + "' on " + existing.get().path()
								+ ", not on " + path
								+ ": remove it in the PBS GUI or choose another datastore name in the inventory.",
						false, null);
			}
			return Optional.empty();
		}
		PbsForm form = new PbsForm().add("name", name)
			.add("path", path)
			.add("gc-schedule", gcSchedule)
			.add("comment", comment);
		if (reuse) {
			form.add("reuse-datastore", true);
		}
		return Optional.of(this.http.post(form, "config", "datastore").asText());
	}

	@Override
	public Optional<String> delete(String name, boolean destroyData) {
		try {
			return Optional
				.of(this.http.delete(new PbsForm().add("destroy-data", destroyData), "config", "datastore", name)
					.asText());
		}
		catch (PbsApiException ex) {
			if (ex.notFound()) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	@Override
	public void setGcSchedule(String name, String schedule) {
		this.http.put(new PbsForm().add("gc-schedule", schedule), "config", "datastore", name);
	}

	@Override
	public String startGarbageCollection(String store) {
		return this.http.post(new PbsForm(), "admin", "datastore", store, "gc").asText();
	}

	@Override
	public DatastoreUsage status(String store) {
		JsonNode status = this.http.get(new PbsForm(), "admin", "datastore", store, "status");
		return new DatastoreUsage(store, status.path("total").asLong(), status.path("used").asLong(),
				status.path("avail").asLong());
	}

	@Override
	public List<DatastoreUsage> usage() {
		List<DatastoreUsage> usage = new ArrayList<>();
		for (JsonNode store : this.http.get(new PbsForm(), "status", "datastore-usage")) {
			usage.add(new DatastoreUsage(store.path("store").asText(), store.path("total").asLong(),
					store.path("used").asLong(), store.path("avail").asLong()));
		}
		return usage;
	}

	@Override
	public List<BackupSnapshot> snapshots(String store) {
		List<BackupSnapshot> snapshots = new ArrayList<>();
		for (JsonNode snapshot : this.http.get(new PbsForm(), "admin", "datastore", store, "snapshots")) {
			JsonNode verification = snapshot.path("verification");
			snapshots.add(new BackupSnapshot(snapshot.path("backup-type").asText(), snapshot.path("backup-id").asText(),
					Instant.ofEpochSecond(snapshot.path("backup-time").asLong()), snapshot.path("size").asLong(),
					snapshot.path("owner").asText(null),
					verification.isMissingNode() ? null : verification.path("state").asText(null)));
		}
		snapshots.sort(Comparator.comparing(BackupSnapshot::backupTime));
		return snapshots;
	}

	private static Datastore datastore(JsonNode store) {
		return new Datastore(store.path("name").asText(), store.path("path").asText(),
				store.path("gc-schedule").asText(null), store.path("comment").asText(null));
	}

}
