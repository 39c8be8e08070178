package org.homelab.rollout.argocd;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An AppProject: which repositories its applications may come from and which destinations
 * (server and namespace, {@code *} for any) they may deploy to; whether they may create
 * cluster-scoped resources (every group and kind).
 */
public record ArgoCdProject(String name, String description, List<String> sourceRepos, List<Destination> destinations,
		boolean clusterResources) {

	public ArgoCdProject {
		sourceRepos = List.copyOf(sourceRepos);
		destinations = List.copyOf(destinations);
	}

	public record Destination(String server, String namespace) {
	}

	/** The AppProject resource ({@code argoproj.io/v1alpha1}) in Argo CD's namespace. */
	public Map<String, Object> manifest(String namespace) {
		Map<String, Object> metadata = new LinkedHashMap<>();
		metadata.put("name", this.name);
		metadata.put("namespace", namespace);
		Map<String, Object> spec = new LinkedHashMap<>();
		if (this.description != null && !this.description.isBlank()) {
			spec.put("description", this.description);
		}
		spec.put("sourceRepos", this.sourceRepos);
		spec.put("destinations",
				this.destinations.stream().map(d -> Map.of("server", d.server(), "namespace", d.namespace())).toList());
		if (this.clusterResources) {
			spec.put("clusterResourceWhitelist", List.of(Map.of("group", "*", "kind", "*")));
		}
		Map<String, Object> project = new LinkedHashMap<>();
		project.put("apiVersion", "argoproj.io/v1alpha1");
		project.put("kind", "AppProject");
		project.put("metadata", metadata);
		project.put("spec", spec);
		return project;
	}

}
