package org.homelab.rollout.rehearsal.proxmox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * storage.cfg through {@code /storage} and a storage's state on a node. The lab creates
 * storages of type pbs only: PVE's PBS plugin keeps the password apart, and the create
 * activates the storage at once (reaching its datastore), so a wrong server, fingerprint
 * or token fails the call and leaves no entry.
 */
final class StorageRoutes {

	static final long LOCAL_TOTAL = 100L * 1024 * 1024 * 1024;

	/** The options the PBS plugin takes ({@code PVE::Storage::PBSPlugin::options}). */
	private static final Set<String> PBS_OPTIONS = Set.of("storage", "type", "server", "port", "datastore", "username",
			"password", "fingerprint", "content", "nodes", "disable", "namespace", "prune-backups", "encryption-key",
			"master-pubkey", "max-protected-backups");

	private final LabState state;

	StorageRoutes(LabState state) {
		this.state = state;
	}

	void register(Router router) {
		router.add("GET", "/storage", "api", this::list)
			.add("POST", "/storage", "storage", this::create)
			.add("GET", "/storage/{storage}", "api", r -> this.state.storage(r.param("storage")).entry())
			.add("DELETE", "/storage/{storage}", "storage", r -> {
				this.state.storages.remove(this.state.storage(r.param("storage")).id);
				return null;
			})
			.add("GET", "/nodes/{node}/storage/{storage}/status", "api",
					r -> status(this.state.storage(r.param("storage"))));
	}

	private List<Map<String, Object>> list(ApiRequest request) {
		String type = request.param("type");
		return this.state.storages.values()
			.stream()
			.filter(s -> type == null || s.type.equals(type))
			.map(Storage::entry)
			.toList();
	}

	private Map<String, Object> create(ApiRequest request) {
		String id = request.param("storage");
		String type = request.param("type");
		if (!type.equals("pbs")) {
			throw new PveError(501, "storage type '" + type + "' (not simulated by the rehearsal lab: pbs only)",
					Map.of());
		}
		Map<String, String> errors = new LinkedHashMap<>();
		request.params().keySet().forEach(key -> {
			if (!PBS_OPTIONS.contains(key)) {
				errors.put(key, "unexpected property");
			}
		});
		for (String fixed : List.of("server", "datastore")) {
			if (!request.has(fixed)) {
				errors.put(fixed, "property is missing and it is not optional");
			}
		}
		String content = request.param("content", "backup");
		if (!content.equals("backup")) {
			errors.put("content", "invalid content type '" + content + "'");
		}
		if (!errors.isEmpty()) {
			throw PveError.parameters(errors);
		}
		if (this.state.storages.containsKey(id)) {
			throw PveError.failed("storage ID '" + id + "' already defined");
		}
		Storage storage = new Storage(id, type, content);
		request.params().forEach((key, values) -> {
			if (!Set.of("storage", "type", "password", "content").contains(key)) {
				storage.options.put(key, values.get(0));
			}
		});
		storage.password = request.param("password");
		if (!storage.disabled()) {
			// activate_storage: PVE reaches the datastore before it writes storage.cfg
			this.state.datastore(storage);
		}
		this.state.storages.put(id, storage);
		Map<String, Object> answer = new LinkedHashMap<>();
		answer.put("storage", id);
		answer.put("type", type);
		return answer;
	}

	/** {@code GET /nodes/{node}/storage/{storage}/status}. */
	Map<String, Object> status(Storage storage) {
		Map<String, Object> status = new LinkedHashMap<>();
		status.put("type", storage.type);
		status.put("content", storage.content());
		status.put("enabled", storage.disabled() ? 0 : 1);
		status.put("shared", storage.pbs() ? 1 : 0);
		long total = LOCAL_TOTAL;
		long used = LOCAL_TOTAL / 10;
		boolean active = !storage.disabled();
		if (storage.pbs() && active) {
			try {
				BackupServers.Datastore datastore = this.state.datastore(storage);
				total = datastore.total();
				used = datastore.used();
			}
			catch (PveError ex) {
				active = false; // PVE lists an unreachable PBS as inactive
			}
		}
		status.put("active", active ? 1 : 0);
		if (active) {
			status.put("total", total);
			status.put("used", used);
			status.put("avail", total - used);
		}
		return status;
	}

}
