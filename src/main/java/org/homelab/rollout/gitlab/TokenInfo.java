package org.homelab.rollout.gitlab;

import java.util.List;

/**
 * The engine's own personal access token as {@code GET /personal_access_tokens/self}
 * describes it: never its value.
 *
 * @param expiresAt ISO date, or null if it never expires
 */
public record TokenInfo(long id, String name, List<String> scopes, String expiresAt, boolean active) {

	public TokenInfo {
		scopes = List.copyOf(scopes);
	}

}
