package org.homelab.rollout.rehearsal.gitlab;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.homelab.rollout.rehearsal.gitlab.ApiRequest.Reply;
import org.homelab.rollout.rehearsal.gitlab.GitlabState.DeployToken;
import org.homelab.rollout.rehearsal.gitlab.GitlabState.Project;

/**
 * A project's deploy tokens ({@code gldt-} values, shown once, on creation): create,
 * list, revoke.
 */
final class DeployTokens {

	static final List<String> SCOPES = List.of("read_repository", "read_registry", "write_registry",
			"read_package_registry", "write_package_registry", "read_virtual_registry", "write_virtual_registry");

	private DeployTokens() {
	}

	static Reply answer(GitlabState state, ApiRequest request, Project project) {
		if (request.is("GET", 3)) {
			ArrayNode tokens = ApiRequest.JSON.createArrayNode();
			state.deployTokens.values()
				.stream()
				.filter(t -> t.projectId() == project.id)
				.forEach(t -> tokens.add(json(t)));
			return Reply.of(200, tokens);
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

	private static ObjectNode json(DeployToken token) {
		ObjectNode body = ApiRequest.object()
			.put("id", token.id())
			.put("name", token.name())
			.put("username", token.username())
			.put("revoked", false)
			.put("expired", false);
		body.put("expires_at", (token.expiresAt() != null) ? token.expiresAt() + "T00:00:00.000Z" : null);
		ArrayNode scopes = body.putArray("scopes");
		token.scopes().forEach(scopes::add);
		return body;
	}

}
