package org.homelab.rollout.rehearsal.gitlab;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.homelab.rollout.rehearsal.gitlab.ApiRequest.Reply;
import org.homelab.rollout.rehearsal.gitlab.GitlabState.DeployToken;
import org.homelab.rollout.rehearsal.gitlab.GitlabState.Project;

/**
 * A project's deploy tokens ({@code gldt-} values, shown once, on creation): create, list
 * (by page, {@code active} filter), show, revoke (deleted: Git clients are refused at
 * once); and whether a {@code git clone}'s basic credentials are one of them.
 */
final class DeployTokens {

	static final List<String> SCOPES = List.of("read_repository", "read_registry", "write_registry",
			"read_package_registry", "write_package_registry", "read_virtual_registry", "write_virtual_registry");

	private DeployTokens() {
	}

	static Reply answer(GitlabState state, ApiRequest request, Project project) {
		if (request.is("GET", 3)) {
			String active = request.query().get("active");
			int perPage = Math.min(100, Math.max(1, Integer.parseInt(request.query().getOrDefault("per_page", "20"))));
			int page = Math.max(1, Integer.parseInt(request.query().getOrDefault("page", "1")));
			ArrayNode tokens = ApiRequest.JSON.createArrayNode();
			state.deployTokens.values()
				.stream()
				.filter(t -> t.projectId() == project.id)
				.filter(t -> active == null || Boolean.parseBoolean(active) == !expired(t))
				.skip((long) (page - 1) * perPage)
				.limit(perPage)
				.forEach(t -> tokens.add(json(t)));
			return Reply.of(200, tokens);
		}
		if (request.is("GET", 4) && request.segment(3).matches("\\d+")) {
			DeployToken token = state.deployTokens.get(Integer.parseInt(request.segment(3)));
			return (token == null || token.projectId() != project.id) ? Reply.notFound("") : Reply.of(200, json(token));
		}
		if (request.is("POST", 3)) {
			String name = request.text("name");
			List<String> scopes = new ArrayList<>();
			request.body().path("scopes").forEach(scope -> scopes.add(scope.asText()));
			if (name == null || scopes.isEmpty()) {
				return Reply.message(400, "400 Bad request - " + ((name == null) ? "name" : "scopes") + " is missing");
			}
			if (!SCOPES.containsAll(scopes)) {
				return Reply.message(400, "400 Bad request - scopes does not have a valid value");
			}
			String value = GitlabState.secret("gldt-");
			int id = state.deployTokenId();
			String username = (request.text("username") != null) ? request.text("username")
					: "gitlab+deploy-token-" + id;
			String expires = request.text("expires_at");
			DeployToken token = new DeployToken(id, project.id, name, username, List.copyOf(scopes),
					(expires != null) ? LocalDate.parse(expires.substring(0, 10)) : null, GitlabState.digest(value));
			state.deployTokens.put(id, token);
			return Reply.of(201, json(token).put("token", value));
		}
		if (request.is("DELETE", 4) && request.segment(3).matches("\\d+")) {
			DeployToken token = state.deployTokens.get(Integer.parseInt(request.segment(3)));
			if (token == null || token.projectId() != project.id) {
				return Reply.notFound("");
			}
			state.deployTokens.remove(token.id());
			return Reply.noContent();
		}
		return Reply.notFound("");
	}

	/** A deploy token expires at the start of its {@code expires_at} day (UTC). */
	static boolean expired(DeployToken token) {
		return token.expiresAt() != null && !token.expiresAt().isAfter(LocalDate.now(ZoneOffset.UTC));
	}

	/**
	 * Whether HTTP basic {@code username}/{@code password} is a deploy token of the
	 * project that may read its repository, as GitLab checks a {@code git clone}.
	 */
	static boolean reads(GitlabState state, Project project, String username, String password) {
		String digest = GitlabState.digest(password);
		return state.deployTokens.values()
			.stream()
			.anyMatch(t -> t.projectId() == project.id && t.username().equals(username) && t.digest().equals(digest)
					&& t.scopes().contains("read_repository") && !expired(t));
	}

	private static ObjectNode json(DeployToken token) {
		ObjectNode body = ApiRequest.object()
			.put("id", token.id())
			.put("name", token.name())
			.put("username", token.username())
			.put("revoked", false)
			.put("expired", expired(token));
		body.put("expires_at", (token.expiresAt() != null) ? token.expiresAt() + "T00:00:00.000Z" : null);
		ArrayNode scopes = body.putArray("scopes");
		token.scopes().forEach(scopes::add);
		return body;
	}

}
