package org.homelab.rollout.gitlab;

import java.util.List;

/**
 * A project's deploy token as GitLab lists it: never its value (GitLab shows that once,
 * on creation, in an {@link IssuedToken}).
 *
 * @param username what a Git client sends as the HTTP basic user name with the token's
 * value as password
 * @param expiresAt ISO time, or null when it never expires
 */
public record GitlabDeployToken(long id, String name, String username, List<String> scopes, String expiresAt,
		boolean revoked, boolean expired) {

	public GitlabDeployToken {
		scopes = List.copyOf(scopes);
	}

	/** Neither revoked nor expired: a Git client can read with it. */
	public boolean active() {
		return !this.revoked && !this.expired;
	}

}
