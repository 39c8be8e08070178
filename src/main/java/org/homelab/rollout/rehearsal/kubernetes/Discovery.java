package org.homelab.rollout.rehearsal.kubernetes;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * API discovery for the groups the mock cannot describe itself: {@code /apis} and the
 * contract CRDs' group-version roots (the CRUD mock would answer those with a list of
 * stored objects once any exist).
 */
final class Discovery {

	private static final List<String> BUILT_IN = List.of("apps/v1", "batch/v1", "apiextensions.k8s.io/v1",
			"rbac.authorization.k8s.io/v1", "networking.k8s.io/v1", "storage.k8s.io/v1", "coordination.k8s.io/v1",
			"policy/v1");

	private static final List<String> VERBS = List.of("delete", "deletecollection", "get", "list", "patch", "create",
			"update", "watch");

	private final ContractCrds crds;

	Discovery(ContractCrds crds) {
		this.crds = crds;
	}

	boolean knows(String group, String version) {
		return this.crds.schemas().stream().anyMatch(s -> s.group().equals(group) && s.version().equals(version));
	}

	ObjectNode groups() {
		Map<String, List<String>> versions = new LinkedHashMap<>();
		BUILT_IN.forEach(gv -> versions.put(gv.split("/")[0], List.of(gv.split("/")[1])));
		this.crds.schemas()
			.forEach(s -> versions.merge(s.group(), List.of(s.version()),
					(a, b) -> a.contains(b.get(0)) ? a : concat(a, b)));
		ObjectNode list = JsonNodeFactory.instance.objectNode().put("kind", "APIGroupList").put("apiVersion", "v1");
		ArrayNode groups = list.putArray("groups");
		versions.forEach((group, names) -> {
			ObjectNode g = groups.addObject().put("name", group);
			ArrayNode vs = g.putArray("versions");
			names.forEach(v -> vs.addObject().put("groupVersion", group + "/" + v).put("version", v));
			g.putObject("preferredVersion")
				.put("groupVersion", group + "/" + names.get(0))
				.put("version", names.get(0));
		});
		return list;
	}

	ObjectNode resources(String group, String version) {
		ObjectNode list = JsonNodeFactory.instance.objectNode()
			.put("kind", "APIResourceList")
			.put("apiVersion", "v1")
			.put("groupVersion", group + "/" + version);
		ArrayNode resources = list.putArray("resources");
		this.crds.schemas().stream().filter(s -> s.group().equals(group) && s.version().equals(version)).forEach(s -> {
			ObjectNode r = resources.addObject()
				.put("name", s.plural())
				.put("singularName", s.kind().toLowerCase())
				.put("namespaced", s.namespaced())
				.put("kind", s.kind());
			VERBS.forEach(r.putArray("verbs")::add);
			if (s.statusSubresource()) {
				ObjectNode status = resources.addObject()
					.put("name", s.plural() + "/status")
					.put("singularName", "")
					.put("namespaced", s.namespaced())
					.put("kind", s.kind());
				List.of("get", "patch", "update").forEach(status.putArray("verbs")::add);
			}
		});
		return list;
	}

	private static List<String> concat(List<String> a, List<String> b) {
		return Stream.concat(a.stream(), b.stream()).toList();
	}

}
