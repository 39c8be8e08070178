package org.homelab.rollout.gitlab;

/**
 * A token GitLab issued and shows once (a rotated personal access token, a runner's
 * {@code glrt-} authentication token, a deploy token). The caller passes {@link #value()}
 * straight into Vault and keeps only the Vault path: never a process variable, log line
 * or exception message. {@link #toString()} leaves the value out.
 *
 * @param id the token's (or runner's) id in GitLab
 * @param value the secret; null for a token found rather than created (GitLab shows a
 * value only once)
 * @param username a deploy token's user name, else null
 * @param expiresAt ISO date or time, or null
 */
public record IssuedToken(long id, String value, String username, String expiresAt) {

	/** Whether this holds the secret (a token just created) or only names one. */
	public boolean hasValue() {
		return this.value != null && !this.value.isEmpty();
	}

	@Override
	public String toString() {
		return "IssuedToken[id=" + this.id + ", username=" + this.username + ", expiresAt=" + this.expiresAt
				+ (hasValue() ? ", value=(hidden)]" : ", value=(not shown again)]");
	}

}
