package org.homelab.rollout.gitlab;

import java.util.List;

/**
 * What a deploy token is made with ({@code POST /projects/:id/deploy_tokens}).
 *
 * @param name how the token is found again (unique among a project's active tokens by the
 * engine's convention; GitLab does not enforce it)
 * @param scopes e.g. {@code read_repository} (Argo CD, the Ansible VM's clone) and
 * {@code read_registry}
 * @param expiresAt ISO date or time ({@code 2027-12-07} or {@code 2027-12-07T00:00:00Z}),
 * null for a token that never expires
 * @param username the basic-auth user name, null for GitLab's
 * {@code gitlab+deploy-token-<n>}; a step may put its run in it to tell a token an
 * earlier attempt of the same run created from one it adopts
 */
public record DeployTokenRequest(String name, List<String> scopes, String expiresAt, String username) {

	public static final String READ_REPOSITORY = "read_repository";

	public static final String READ_REGISTRY = "read_registry";

	public DeployTokenRequest {
		if (name == null || name.isBlank()) {
			throw new IllegalArgumentException("a deploy token needs a name");
		}
		if (scopes == null || scopes.isEmpty()) {
			throw new IllegalArgumentException("deploy token " + name + " needs at least one scope");
		}
		scopes = List.copyOf(scopes);
	}

	/**
	 * A read-only token for {@code git clone}/{@code fetch} (and image pulls if asked).
	 */
	public static DeployTokenRequest readOnly(String name, boolean withRegistry, String expiresAt) {
		return new DeployTokenRequest(name,
				withRegistry ? List.of(READ_REPOSITORY, READ_REGISTRY) : List.of(READ_REPOSITORY), expiresAt, null);
	}

	public DeployTokenRequest withUsername(String username) {
		return new DeployTokenRequest(this.name, this.scopes, this.expiresAt, username);
	}

}
