package org.homelab.rollout.argocd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

final class ArgoCdApplicationTemplate implements ArgoCdApplicationOperations {

	private final ArgoCdHttp http;

	private final String namespace;

	ArgoCdApplicationTemplate(ArgoCdHttp http, String namespace) {
		this.http = http;
		this.namespace = namespace;
	}

	@Override
	public Optional<ArgoCdApplication> get(String name) {
		try {
			return Optional.of(application(this.http.get(Map.of(), "applications", name)));
		}
		catch (ArgoCdApiException ex) {
			if (ex.notFound()) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	@Override
	public List<ArgoCdApplication> list(String project) {
		Map<String, String> query = (project != null) ? Map.of("projects", project) : Map.of();
		List<ArgoCdApplication> applications = new ArrayList<>();
		this.http.get(query, "applications").path("items").forEach(item -> applications.add(application(item)));
		return applications;
	}

	@Override
	public ArgoCdApplication create(ArgoCdApplicationSpec spec, boolean upsert) {
		return create(spec.manifest(this.namespace), upsert);
	}

	@Override
	public ArgoCdApplication create(Map<String, Object> manifest, boolean upsert) {
		Map<String, String> query = upsert ? Map.of("upsert", "true") : Map.of();
		return application(this.http.post(query, ArgoCdHttp.withoutTypeMeta(manifest), "applications"));
	}

	@Override
	public boolean delete(String name, boolean cascade) {
		try {
			this.http.delete(Map.of("cascade", Boolean.toString(cascade)), "applications", name);
			return true;
		}
		catch (ArgoCdApiException ex) {
			if (ex.notFound()) {
				return false;
			}
			throw ex;
		}
	}

	@Override
	public ArgoCdApplication sync(String name, String revision, boolean prune) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", name);
		if (revision != null && !revision.isBlank()) {
			body.put("revision", revision);
		}
		body.put("prune", prune);
		return application(this.http.post(Map.of(), body, "applications", name, "sync"));
	}

	@Override
	public ArgoCdApplication refresh(String name, boolean hard) {
		return application(this.http.get(Map.of("refresh", hard ? "hard" : "normal"), "applications", name));
	}

	static ArgoCdApplication application(JsonNode node) {
		JsonNode spec = node.path("spec");
		JsonNode source = spec.path("source");
		JsonNode automated = spec.path("syncPolicy").path("automated");
		JsonNode status = node.path("status");
		JsonNode operation = status.path("operationState");
		List<ArgoCdApplication.Condition> conditions = new ArrayList<>();
		status.path("conditions")
			.forEach(c -> conditions
				.add(new ArgoCdApplication.Condition(c.path("type").asText(), c.path("message").asText())));
		return new ArgoCdApplication(node.path("metadata").path("name").asText(), spec.path("project").asText(),
				source.path("repoURL").asText(), source.path("path").asText(), source.path("targetRevision").asText(),
				spec.path("destination").path("server").asText(), spec.path("destination").path("namespace").asText(),
				!automated.isMissingNode() && !automated.isNull(), automated.path("selfHeal").asBoolean(false),
				status.path("sync").path("status").asText(null), status.path("health").path("status").asText(null),
				status.path("sync").path("revision").asText(null), operation.path("phase").asText(null),
				operation.path("message").asText(null), conditions);
	}

}
