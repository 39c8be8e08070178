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
			StorageRoutes statuses = new StorageRoutes(this.state);
			this.state.storages.values().forEach(storage -> {
				Map<String, Object> status = statuses.status(storage);
				resources.add(new LinkedHashMap<>(Map.of("id",
						"storage/" + this.state.settings.templateNode() + "/" + storage.id, "type", "storage",
						"storage", storage.id, "node", this.state.settings.templateNode(), "content", storage.content(),
						"status", "1".equals(String.valueOf(status.get("active"))) ? "available" : "unknown", "maxdisk",
						status.getOrDefault("total", 0L))));
			});
		}
		return resources;
	}

	private List<Map<String, Object>> storages(ApiRequest request) {
		String content = request.param("content");
		List<Map<String, Object>> storages = new ArrayList<>();
		StorageRoutes statuses = new StorageRoutes(this.state);
		this.state.storages.values().forEach(storage -> {
			if (content != null && !storage.holds(content)) {
				return;
			}
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("storage", storage.id);
			entry.putAll(statuses.status(storage));
			storages.add(entry);
		});
		return storages;
	}

}
