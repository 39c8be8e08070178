package org.homelab.rollout.rehearsal.gitlab;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.homelab.rollout.rehearsal.gitlab.ApiRequest.Reply;
import org.homelab.rollout.rehearsal.gitlab.GitlabState.Token;

/**
 * Personal access tokens through the API: the caller's own ({@code self}: show, revoke,
 * rotate into a new value that is shown once) and by ID (show, revoke). A token expires
 * at the start of its {@code expires_at} day (UTC), as GitLab's do.
 */
final class Tokens {

	private Tokens() {
	}

	static Reply answer(GitlabState state, ApiRequest request) {
		List<String> s = request.segments();
		Token caller = request.token();
		if (s.size() >= 2 && "self".equals(s.get(1))) {
			if (request.is("GET", 2)) {
				return Reply.of(200, token(caller));
			}
			if (request.is("DELETE", 2)) {
				state.tokens.put(caller.id(), caller.revoke());
				return Reply.noContent();
			}
			if (request.is("POST", 3) && "rotate".equals(s.get(2))) {
				String expires = request.text("expires_at");
				LocalDate expiresAt = (expires != null) ? LocalDate.parse(expires)
						: LocalDate.now(ZoneOffset.UTC).plusWeeks(1);
				state.tokens.put(caller.id(), caller.revoke());
				String value = GitlabState.secret("glpat-");
				int id = state.tokenId();
				Token rotated = new Token(id, caller.name(), caller.scopes(), expiresAt, GitlabState.digest(value),
						false, Instant.now());
				state.tokens.put(id, rotated);
				return Reply.of(200, token(rotated).put("token", value));
			}
		}
		if (s.size() == 2 && s.get(1).matches("\\d+")) {
			Token token = state.tokens.get(Integer.parseInt(s.get(1)));
			if (token == null) {
				return Reply.notFound("");
			}
			if (request.method().equals("DELETE")) {
				state.tokens.put(token.id(), token.revoke());
				return Reply.noContent();
			}
			return Reply.of(200, token(token));
		}
		return Reply.notFound("");
	}

	static ObjectNode token(Token token) {
		ObjectNode body = ApiRequest.object()
			.put("id", token.id())
			.put("name", token.name())
			.put("revoked", token.revoked())
			.put("created_at", token.createdAt().toString())
			.put("user_id", GitlabState.ROOT_USER_ID)
			.put("active", !token.revoked() && !expired(token))
			.put("expires_at", token.expiresAt().toString());
		ArrayNode scopes = body.putArray("scopes");
		token.scopes().forEach(scopes::add);
		return body;
	}

	static boolean expired(Token token) {
		return !token.expiresAt().isAfter(LocalDate.now(ZoneOffset.UTC));
	}

}
