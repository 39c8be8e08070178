package org.homelab.rollout.argocd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

final class ArgoCdProjectTemplate implements ArgoCdProjectOperations {

	private final ArgoCdHttp http;

	private final String namespace;

	ArgoCdProjectTemplate(ArgoCdHttp http, String namespace) {
		this.http = http;
		this.namespace = namespace;
	}

	@Override
	public Optional<ArgoCdProject> get(String name) {
		try {
			return Optional.of(project(this.http.get(Map.of(), "projects", name)));
		}
		catch (ArgoCdApiException ex) {
			if (ex.notFound()) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	@Override
	public ArgoCdProject create(ArgoCdProject project, boolean upsert) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("project", ArgoCdHttp.withoutTypeMeta(project.manifest(this.namespace)));
		body.put("upsert", upsert);
		return project(this.http.post(Map.of(), body, "projects"));
	}

	@Override
	public boolean delete(String name) {
		try {
			this.http.delete(Map.of(), "projects", name);
			return true;
		}
		catch (ArgoCdApiException ex) {
			if (ex.notFound()) {
				return false;
			}
			throw ex;
		}
	}

	private static ArgoCdProject project(JsonNode node) {
		JsonNode spec = node.path("spec");
		List<String> repos = new ArrayList<>();
		spec.path("sourceRepos").forEach(repo -> repos.add(repo.asText()));
		List<ArgoCdProject.Destination> destinations = new ArrayList<>();
		spec.path("destinations")
			.forEach(d -> destinations
				.add(new ArgoCdProject.Destination(d.path("server").asText("*"), d.path("namespace").asText("*"))));
		return new ArgoCdProject(node.path("metadata").path("name").asText(), spec.path("description").asText(null),
				repos, destinations, spec.path("clusterResourceWhitelist").size() > 0);
	}

}
