package org.homelab.rollout.argocd;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

final class ArgoCdRepositoryTemplate implements ArgoCdRepositoryOperations {

	private final ArgoCdHttp http;

	ArgoCdRepositoryTemplate(ArgoCdHttp http) {
		this.http = http;
	}

	@Override
	public Optional<ArgoCdRepository> get(String repoUrl) {
		try {
			return Optional.of(repository(this.http.get(Map.of(), "repositories", repoUrl)));
		}
		catch (ArgoCdApiException ex) {
			if (ex.notFound()) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	@Override
	public ArgoCdRepository create(String repoUrl, String name, String username, ArgoCdPasswordSource password,
			boolean upsert) {
		String secret = password.password();
		if (secret == null || secret.isEmpty()) {
			throw new ArgoCdException("POST /api/v1/repositories", "No password for the repository " + repoUrl
					+ " (POST /api/v1/repositories): store its deploy token in Vault first.", false, null);
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("repo", repoUrl);
		body.put("type", "git");
		if (name != null && !name.isBlank()) {
			body.put("name", name);
		}
		body.put("username", username);
		body.put("password", secret);
		Map<String, String> query = upsert ? Map.of("upsert", "true") : Map.of();
		return repository(this.http.callHolding("POST", query, body, secret, "repositories"));
	}

	@Override
	public boolean delete(String repoUrl) {
		try {
			this.http.delete(Map.of(), "repositories", repoUrl);
			return true;
		}
		catch (ArgoCdApiException ex) {
			if (ex.notFound()) {
				return false;
			}
			throw ex;
		}
	}

	private static ArgoCdRepository repository(JsonNode node) {
		JsonNode state = node.path("connectionState");
		return new ArgoCdRepository(node.path("repo").asText(), node.path("type").asText("git"),
				node.path("name").asText(null), node.path("username").asText(null), state.path("status").asText(null),
				state.path("message").asText(null));
	}

}
