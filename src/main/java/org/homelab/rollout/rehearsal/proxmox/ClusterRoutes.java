package org.homelab.rollout.rehearsal.proxmox;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Version, nodes, login, next free VMID and the task endpoints every async call is
 * followed by.
 */
final class ClusterRoutes {

	private final LabState state;

	private final Auth auth;

	ClusterRoutes(LabState state, Auth auth) {
		this.state = state;
		this.auth = auth;
	}

	void register(Router router) {
		router.add("GET", "/version", "api", r -> Map.of("version", "9.1.1", "release", "9.1", "repoid", "5e8e9d2b"))
			.add("GET", "/nodes", "api", r -> nodes())
			.add("POST", "/access/ticket", "login",
					r -> this.auth.login(r.param("username"), r.param("password"), r.param("realm")))
			.add("GET", "/cluster/nextid", "api", this::nextId)
			.add("GET", "/nodes/{node}/status", "api",
					r -> Map.of("uptime", 86400, "pveversion", "pve-manager/9.1.1", "cpuinfo", Map.of("cpus", 8),
							"memory", Map.of("total", 34359738368L, "used", 4294967296L)))
			.add("GET", "/nodes/{node}/tasks", "api", this::tasks)
			.add("GET", "/nodes/{node}/tasks/{upid}/status", "api", this::taskStatus)
			.add("GET", "/nodes/{node}/tasks/{upid}/log", "api", this::taskLog);
	}

	private List<Map<String, Object>> nodes() {
		return this.state.settings.nodes().stream().map(node -> {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("node", node);
			entry.put("id", "node/" + node);
			entry.put("type", "node");
			entry.put("status", "online");
			entry.put("maxcpu", 8);
			entry.put("maxmem", 34359738368L);
			entry.put("ssl_fingerprint", "");
			return entry;
		}).toList();
	}

	/** PVE answers the VMID as a string, although the schema says integer. */
	private Object nextId(ApiRequest request) {
		if (request.has("vmid")) {
			int wanted = request.vmid();
			if (this.state.vms.containsKey(wanted)) {
				throw PveError.taken(Map.of("vmid", "VM " + wanted + " already exists"));
			}
			return String.valueOf(wanted);
		}
		return String.valueOf(this.state.nextId());
	}

	/**
	 * Recent tasks; "source=active" lists the running ones, "vmid" and "typefilter"
	 * narrow the list.
	 */
	private List<Map<String, Object>> tasks(ApiRequest request) {
		String vmid = request.param("vmid");
		String type = request.param("typefilter");
		boolean active = "active".equals(request.param("source"));
		return this.state.tasks.on(request.node())
			.stream()
			.filter(t -> vmid == null || t.upid().id().equals(vmid))
			.filter(t -> type == null || t.upid().type().equals(type))
			.filter(t -> !active || t.running())
			.limit(Long.parseLong(request.param("limit", "50")))
			.map(t -> {
				Map<String, Object> entry = new LinkedHashMap<>(t.status());
				if (!t.running()) {
					entry.put("status", t.exitstatus());
					entry.put("endtime", t.upid().starttime());
				}
				return entry;
			})
			.toList();
	}

	/**
	 * PVE::API2::Tasks decodes the UPID quietly and raises parameter errors: a malformed
	 * one is "unable to parse worker upid", one with no task file "no such task".
	 */
	private Map<String, Object> taskStatus(ApiRequest request) {
		String upid = parsedUpid(request);
		return this.state.tasks.find(upid)
			.orElseThrow(() -> PveError.parameters(Map.of("upid", "no such task")))
			.status();
	}

	/**
	 * read_task_log checks only the parse: for a task with no file, dump_logfile answers
	 * the failed open as the log's one line.
	 */
	private Answers.Listed taskLog(ApiRequest request) {
		String upid = parsedUpid(request);
		int start = Integer.parseInt(request.param("start", "0"));
		int limit = Integer.parseInt(request.param("limit", "50"));
		return this.state.tasks.find(upid)
			.map(task -> new Answers.Listed(task.log(start, limit), Math.max(1, task.logSize())))
			.orElseGet(() -> new Answers.Listed(
					List.of(Map.of("n", 1, "t", "unable to open file - No such file or directory")), 1));
	}

	private static String parsedUpid(ApiRequest request) {
		String upid = request.param("upid");
		if (Upid.parse(upid).isEmpty()) {
			throw PveError.parameters(Map.of("upid", "unable to parse worker upid"));
		}
		return upid;
	}

}
