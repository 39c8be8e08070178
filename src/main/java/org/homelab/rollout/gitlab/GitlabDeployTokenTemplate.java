package org.homelab.rollout.gitlab;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

final class GitlabDeployTokenTemplate implements GitlabDeployTokenOperations {

	private static final int PER_PAGE = 100;

	// a project has a handful of deploy tokens; this bounds a misbehaving server's paging
	private static final int MAX_PAGES = 20;

	private final GitlabHttp http;

	GitlabDeployTokenTemplate(GitlabHttp http) {
		this.http = http;
	}

	@Override
	public List<GitlabDeployToken> list(long projectId) {
		List<GitlabDeployToken> tokens = new ArrayList<>();
		for (int page = 1; page <= MAX_PAGES; page++) {
			Map<String, String> query = new LinkedHashMap<>();
			query.put("per_page", Integer.toString(PER_PAGE));
			query.put("page", Integer.toString(page));
			JsonNode answer = this.http.get(query, "projects", Long.toString(projectId), "deploy_tokens");
			answer.forEach(node -> tokens.add(token(node)));
			if (answer.size() < PER_PAGE) {
				break;
			}
		}
		return tokens;
	}

	@Override
	public Optional<GitlabDeployToken> find(long projectId, String name) {
		return list(projectId).stream()
			.filter(t -> t.active() && name.equals(t.name()))
			.max(Comparator.comparingLong(GitlabDeployToken::id));
	}

	@Override
	public IssuedToken create(long projectId, DeployTokenRequest request) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", request.name());
		body.put("scopes", request.scopes());
		if (request.expiresAt() != null) {
			body.put("expires_at", request.expiresAt());
		}
		if (request.username() != null) {
			body.put("username", request.username());
		}
		JsonNode answer = this.http.post(body, "projects", Long.toString(projectId), "deploy_tokens");
		return new IssuedToken(answer.path("id").asLong(), answer.path("token").asText(),
				GitlabTokenTemplate.text(answer, "username"), GitlabTokenTemplate.text(answer, "expires_at"));
	}

	@Override
	public Adopted<IssuedToken> findOrCreate(long projectId, DeployTokenRequest request) {
		Optional<GitlabDeployToken> found = find(projectId, request.name());
		if (found.isPresent()) {
			GitlabDeployToken token = found.get();
			return Adopted.existing(new IssuedToken(token.id(), null, token.username(), token.expiresAt()));
		}
		return Adopted.created(create(projectId, request));
	}

	@Override
	public Adopted<IssuedToken> replace(long projectId, DeployTokenRequest request) {
		for (GitlabDeployToken token : list(projectId)) {
			if (token.active() && request.name().equals(token.name())) {
				revoke(projectId, token.id());
			}
		}
		return Adopted.created(create(projectId, request));
	}

	@Override
	public void revoke(long projectId, long tokenId) {
		try {
			this.http.delete("projects", Long.toString(projectId), "deploy_tokens", Long.toString(tokenId));
		}
		catch (GitlabApiException ex) {
			if (!ex.notFound()) {
				throw ex;
			}
		}
	}

	private static GitlabDeployToken token(JsonNode node) {
		List<String> scopes = new ArrayList<>();
		node.path("scopes").forEach(scope -> scopes.add(scope.asText()));
		return new GitlabDeployToken(node.path("id").asLong(), node.path("name").asText(),
				GitlabTokenTemplate.text(node, "username"), scopes, GitlabTokenTemplate.text(node, "expires_at"),
				node.path("revoked").asBoolean(false), node.path("expired").asBoolean(false));
	}

}
