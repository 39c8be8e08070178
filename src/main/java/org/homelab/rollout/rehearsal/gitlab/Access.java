package org.homelab.rollout.rehearsal.gitlab;

import org.homelab.rollout.rehearsal.gitlab.ApiRequest.Reply;

/**
 * Who may call what, as GitLab answers: no or an unknown token 401, an expired or revoked
 * one 401 with the reason, a token without a fitting scope 403 ({@code read_api} reads,
 * {@code api} does everything, {@code create_runner} may create runners).
 */
final class Access {

	private Access() {
	}

	/** Null when the call may go on. */
	static Reply check(GitlabState.Token token, String method, String rawPath) {
		if (token == null) {
			return Reply.message(401, "401 Unauthorized");
		}
		if (token.revoked()) {
			return invalid("Token has been revoked.");
		}
		if (Tokens.expired(token)) {
			return invalid("Token has expired.");
		}
		boolean read = method.equals("GET") || method.equals("HEAD");
		boolean allowed = token.scopes().contains("api") || (read && token.scopes().contains("read_api"))
				|| (rawPath.equals("/api/v4/user/runners") && token.scopes().contains("create_runner"));
		if (!allowed) {
			return Reply.of(403,
					ApiRequest.object()
						.put("error", "insufficient_scope")
						.put("error_description",
								"The request requires higher privileges than provided by the access token.")
						.put("scope", read ? "api read_api" : "api"));
		}
		return null;
	}

	private static Reply invalid(String description) {
		return Reply.of(401, ApiRequest.object().put("error", "invalid_token").put("error_description", description));
	}

}
