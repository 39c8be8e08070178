package org.homelab.rollout.gitlab;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

final class GitlabTokenTemplate implements GitlabTokenOperations {

	private final GitlabHttp http;

	GitlabTokenTemplate(GitlabHttp http) {
		this.http = http;
	}

	@Override
	public TokenInfo self() {
		JsonNode token = this.http.get(Map.of(), "personal_access_tokens", "self");
		List<String> scopes = new ArrayList<>();
		token.path("scopes").forEach(scope -> scopes.add(scope.asText()));
		return new TokenInfo(token.path("id").asLong(), token.path("name").asText(), scopes, text(token, "expires_at"),
				token.path("active").asBoolean());
	}

	@Override
	public IssuedToken rotateSelf(String expiresAt) {
		Map<String, Object> body = new LinkedHashMap<>();
		if (expiresAt != null) {
			body.put("expires_at", expiresAt);
		}
		return issued(this.http.post(body, "personal_access_tokens", "self", "rotate"));
	}

	@Override
	public IssuedToken createRunner(RunnerRequest runner) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("runner_type", runner.runnerType());
		if (runner.groupId() != null) {
			body.put("group_id", runner.groupId());
		}
		if (runner.projectId() != null) {
			body.put("project_id", runner.projectId());
		}
		body.put("description", runner.description());
		body.put("tag_list", String.join(",", runner.tags()));
		body.put("run_untagged", runner.runUntagged());
		return issued(this.http.post(body, "user", "runners"));
	}

	@Override
	public IssuedToken createDeployToken(long projectId, String name, List<String> scopes, String expiresAt) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", name);
		body.put("scopes", List.copyOf(scopes));
		if (expiresAt != null) {
			body.put("expires_at", expiresAt);
		}
		return issued(this.http.post(body, "projects", Long.toString(projectId), "deploy_tokens"));
	}

	private static IssuedToken issued(JsonNode answer) {
		String expires = (text(answer, "token_expires_at") != null) ? text(answer, "token_expires_at")
				: text(answer, "expires_at");
		return new IssuedToken(answer.path("id").asLong(), answer.path("token").asText(), text(answer, "username"),
				expires);
	}

	static String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return (value.isMissingNode() || value.isNull()) ? null : value.asText();
	}

}
