package org.homelab.rollout.rehearsal.proxmox;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster-wide views clients use to find guests and storages: /cluster/resources and
 * /nodes/{node}/storage.
 */
final class ResourceRoutes {

	private static final long STORAGE_TOTAL = 100L * 1024 * 1024 * 1024;

	private final LabState state;

	ResourceRoutes(LabState state) {
		this.state = state;
	}

	void register(Router router) {
		router.add("GET", "/cluster/resources", "api", this::resources)
			.add("GET", "/nodes/{node}/storage", "api", this::storages)
			// the lab has no resource pools: the list is empty and no pool exists
			.add("GET", "/pools", "api", r -> List.of())
			.add("GET", "/pools/{poolid}", "api", r -> {
				throw PveError.failed("pool '" + r.param("poolid") + "' does not exist");
			});
	}

	private List<Map<String, Object>> resources(ApiRequest request) {
		String type = request.param("type");
		List<Map<String, Object>> resources = new ArrayList<>();
		if (type == null || type.equals("vm")) {
			this.state.vms.values().forEach(vm -> {
				if (!this.state.access.has(request.user(), "/vms/" + vm.vmid, "VM.Audit")) {
					return;
				}
				Map<String, Object> entry = vm.listEntry();
				entry.put("id", "qemu/" + vm.vmid);
				entry.put("type", "qemu");
				entry.put("node", vm.node);
				entry.put("maxcpu", entry.remove("cpus"));
				resources.add(entry);
			});
		}
		if (type == null || type.equals("node")) {
			this.state.settings.nodes()
				.forEach(node -> resources.add(new LinkedHashMap<>(
						Map.of("id", "node/" + node, "type", "node", "node", node, "status", "online"))));
		}
		if (type == null || type.equals("storage")) {
			LabState.STORAGES.forEach((storage, content) -> resources
				.add(new LinkedHashMap<>(Map.of("id", "storage/" + this.state.settings.templateNode() + "/" + storage,
						"type", "storage", "storage", storage, "node", this.state.settings.templateNode(), "content",
						content, "status", "available", "maxdisk", STORAGE_TOTAL))));
		}
		return resources;
	}

	private List<Map<String, Object>> storages(ApiRequest request) {
		String content = request.param("content");
		List<Map<String, Object>> storages = new ArrayList<>();
		LabState.STORAGES.forEach((storage, contents) -> {
			if (content != null && !List.of(contents.split(",")).contains(content)) {
				return;
			}
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("storage", storage);
			entry.put("type", storage.equals("local") ? "dir" : "lvmthin");
			entry.put("content", contents);
			entry.put("active", 1);
			entry.put("enabled", 1);
			entry.put("shared", 0);
			entry.put("total", STORAGE_TOTAL);
			entry.put("used", STORAGE_TOTAL / 10);
			entry.put("avail", STORAGE_TOTAL - STORAGE_TOTAL / 10);
			storages.add(entry);
		});
		return storages;
	}

}
