package org.homelab.rollout.rehearsal.backup;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Datastores ({@code /config/datastore}, {@code /admin/datastore}, {@code /status}):
 * created by a {@code create-datastore} task on a directory of its own (an empty one
 * outside the system's directories), their usage, snapshots and garbage collection.
 * Privileges per datastore path {@code /datastore/<store>}; lists show only what the
 * caller may see.
 */
final class PbsStoreRoutes {

	private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

	/** Where a datastore may not go: the system's own directories. */
	private static final List<String> SYSTEM = List.of("/etc", "/usr", "/var/lib/proxmox-backup", "/boot", "/proc",
			"/root");

	private final PbsLab lab;

	private final PbsState state;

	PbsStoreRoutes(PbsLab lab) {
		this.lab = lab;
		this.state = lab.state;
	}

	Optional<PbsAnswer> answer(PbsRequest request) {
		String store = (request.param("store") != null) ? request.param("store") : request.param("name");
		return Optional.ofNullable(switch (request.method() + " " + request.route()) {
			case "GET /config/datastore" -> list(request);
			case "POST /config/datastore" ->
				allowed(request, "/datastore", PbsPrivileges.ALLOCATE) ? create(request, store) : PbsAnswer.forbidden();
			case "GET /config/datastore/{name}" -> with(request, store, Set.of(PbsPrivileges.AUDIT), this::config);
			case "PUT /config/datastore/{name}" -> with(request, store, Set.of(PbsPrivileges.MODIFY), this::update);
			case "DELETE /config/datastore/{name}" ->
				with(request, store, Set.of(PbsPrivileges.ALLOCATE), this::remove);
			case "GET /admin/datastore" -> names(request);
			case "GET /admin/datastore/{store}/status" ->
				with(request, store, Set.of(PbsPrivileges.AUDIT, PbsPrivileges.BACKUP),
						(r, s) -> PbsAnswer.ok(usage(r.param("store"), s)));
			case "GET /status/datastore-usage" -> usageAll(request);
			case "GET /admin/datastore/{store}/snapshots" ->
				with(request, store, Set.of(PbsPrivileges.AUDIT, PbsPrivileges.BACKUP), this::snapshots);
			case "POST /admin/datastore/{store}/gc" -> with(request, store, Set.of(PbsPrivileges.MODIFY), this::gc);
			default -> null;
		});
	}

	private interface StoreAction {

		PbsAnswer run(PbsRequest request, PbsState.Store store);

	}

	/** The store, if it exists and the caller holds any of {@code privileges} on it. */
	private PbsAnswer with(PbsRequest request, String name, Set<String> privileges, StoreAction action) {
		PbsState.Store store = this.state.stores.get(name);
		Set<String> held = PbsPrivileges.of(this.state.acl, request.authId(), "/datastore/" + name);
		if (held.stream().noneMatch(privileges::contains)) {
			return PbsAnswer.forbidden();
		}
		if (store == null) {
			return PbsAnswer.error(404, "datastore '" + name + "' does not exist.");
		}
		return action.run(request, store);
	}

	private boolean allowed(PbsRequest request, String path, String privilege) {
		return PbsPrivileges.of(this.state.acl, request.authId(), path).contains(privilege);
	}

	private boolean visible(PbsRequest request, String store) {
		Set<String> held = PbsPrivileges.of(this.state.acl, request.authId(), "/datastore/" + store);
		return held.contains(PbsPrivileges.AUDIT) || held.contains(PbsPrivileges.BACKUP);
	}

	private PbsAnswer list(PbsRequest request) {
		ArrayNode stores = JSON.arrayNode();
		this.state.stores.forEach((name, store) -> {
			if (allowed(request, "/datastore/" + name, PbsPrivileges.AUDIT)) {
				stores.add(config(name, store));
			}
		});
		return PbsAnswer.ok(stores);
	}

	private PbsAnswer names(PbsRequest request) {
		ArrayNode stores = JSON.arrayNode();
		this.state.stores.forEach((name, store) -> {
			if (visible(request, name)) {
				stores.addObject().put("store", name).put("comment", store.comment);
			}
		});
		return PbsAnswer.ok(stores);
	}

	private PbsAnswer config(PbsRequest request, PbsState.Store store) {
		return PbsAnswer.ok(config(request.param("name"), store));
	}

	private static ObjectNode config(String name, PbsState.Store store) {
		ObjectNode config = JSON.objectNode().put("name", name).put("path", store.path);
		if (store.gcSchedule != null) {
			config.put("gc-schedule", store.gcSchedule);
		}
		if (store.comment != null) {
			config.put("comment", store.comment);
		}
		return config;
	}

	private PbsAnswer create(PbsRequest request, String name) {
		String path = request.param("path");
		if (this.state.stores.containsKey(name)) {
			return PbsAnswer.failed("datastore '" + name + "' already exists.");
		}
		if (!path.startsWith("/")) {
			return PbsAnswer.failed("expected an absolute path - got '" + path + "'");
		}
		String dir = path.replaceFirst("/+$", "");
		if (dir.isEmpty() || SYSTEM.stream().anyMatch(system -> dir.equals(system) || dir.startsWith(system + "/"))) {
			return PbsAnswer.failed("unable to create chunk store '" + name + "' at '" + path
					+ "' - refusing to use a system directory");
		}
		if (this.state.stores.values().stream().anyMatch(other -> other.path.equals(dir))) {
			return PbsAnswer.failed("datastore path '" + dir + "' is already in use by another datastore");
		}
		// the directory's own marker (mkdir) is not content
		if (this.lab.files()
			.keySet()
			.stream()
			.anyMatch(file -> file.startsWith(dir + "/") && !file.equals(dir + "/.dir"))
				&& !request.flag("reuse-datastore", false)) {
			return PbsAnswer.failed("datastore path '" + dir + "' is not empty!");
		}
		PbsState.Store store = new PbsState.Store(dir, request.param("comment"), this.lab.diskBytes());
		store.gcSchedule = request.param("gc-schedule");
		this.state.stores.put(name, store);
		this.lab.files().put(dir + "/.chunks/.lab-chunk-store", name.getBytes());
		// as ChunkStore::create leaves it: what tells a chunk store from an empty
		// directory
		this.lab.files().put(dir + "/.lock", new byte[0]);
		PbsState.Task task = this.lab.task("create-datastore", name, request.authId(), "pbs.datastore-create", "OK",
				List.of("Chunkstore create: 1%", "Chunkstore create: 100%", "TASK OK"));
		return PbsAnswer.ok(task.upid());
	}

	private PbsAnswer update(PbsRequest request, PbsState.Store store) {
		if (request.all("delete").contains("gc-schedule")) {
			store.gcSchedule = null;
		}
		if (request.param("gc-schedule") != null) {
			store.gcSchedule = request.param("gc-schedule");
		}
		return PbsAnswer.done();
	}

	private PbsAnswer remove(PbsRequest request, PbsState.Store store) {
		String name = request.param("name");
		this.state.stores.remove(name);
		this.state.pruneJobs.values().removeIf(job -> name.equals(job.get("store")));
		this.state.verifyJobs.values().removeIf(job -> name.equals(job.get("store")));
		if (request.flag("destroy-data", false)) {
			this.lab.files().keySet().removeIf(file -> file.startsWith(store.path + "/"));
		}
		return PbsAnswer
			.ok(this.lab.task("delete-datastore", name, request.authId(), null, "OK", List.of("TASK OK")).upid());
	}

	private ObjectNode usage(String name, PbsState.Store store) {
		long used = store.used();
		ObjectNode usage = JSON.objectNode()
			.put("total", store.total)
			.put("used", used)
			.put("avail", Math.max(0, store.total - used));
		if (name != null) {
			usage.put("store", name);
		}
		return usage;
	}

	private PbsAnswer usageAll(PbsRequest request) {
		ArrayNode all = JSON.arrayNode();
		this.state.stores.forEach((name, store) -> {
			if (visible(request, name)) {
				all.add(usage(name, store).put("mount-status", "nonremovable"));
			}
		});
		return PbsAnswer.ok(all);
	}

	/**
	 * A token with Datastore.Backup only sees the snapshots it owns, as PBS shows them.
	 */
	private PbsAnswer snapshots(PbsRequest request, PbsState.Store store) {
		boolean audit = allowed(request, "/datastore/" + request.param("store"), PbsPrivileges.AUDIT);
		ArrayNode snapshots = JSON.arrayNode();
		List<PbsState.Stored> all = new ArrayList<>(store.snapshots);
		for (PbsState.Stored stored : all) {
			if (!audit && !stored.owner.equals(request.authId())) {
				continue;
			}
			ObjectNode snapshot = snapshots.addObject()
				.put("backup-type", "vm")
				.put("backup-id", String.valueOf(stored.snapshot.vmid()))
				.put("backup-time", stored.snapshot.time().getEpochSecond())
				.put("size", stored.snapshot.size())
				.put("owner", stored.owner)
				.put("protected", false);
			ArrayNode files = snapshot.putArray("files");
			files.addObject().put("filename", "qemu-server.conf.blob");
			files.addObject().put("filename", "drive-scsi0.img.fidx").put("size", stored.snapshot.size());
			files.addObject().put("filename", "index.json.blob");
			if (stored.verifyState != null) {
				snapshot.putObject("verification").put("state", stored.verifyState).put("upid", stored.verifyUpid);
			}
		}
		return PbsAnswer.ok(snapshots);
	}

	private PbsAnswer gc(PbsRequest request, PbsState.Store store) {
		long freed = store.garbage;
		store.garbage = 0;
		store.lastGc = this.lab.now();
		return PbsAnswer.ok(this.lab.task("garbage_collection", request.param("store"), request.authId(), "pbs.gc",
				"OK", List.of("starting garbage collection on store " + request.param("store"),
						"Removed garbage: " + freed + " B", "TASK OK"))
			.upid());
	}

}
