package org.homelab.rollout.gitlab;

import java.util.List;

/**
 * The tokens GitLab issues: the engine's own personal access token, runners'
 * authentication tokens and deploy tokens. Every {@link IssuedToken} is shown once: the
 * caller writes its value straight into Vault.
 */
public interface GitlabTokenOperations {

	/**
	 * The engine's token as GitLab sees it (scopes, expiry).
	 * {@code GET /personal_access_tokens/self}.
	 */
	TokenInfo self();

	/**
	 * Replaces the engine's token: the old one stops working at once, so the caller
	 * stores the new value in Vault before anything else.
	 * {@code POST /personal_access_tokens/self/rotate}.
	 * @param expiresAt ISO date of the new token's expiry, or null for GitLab's default
	 */
	IssuedToken rotateSelf(String expiresAt);

	/**
	 * Creates a runner and answers its {@code glrt-} authentication token, which goes
	 * into Vault and reaches K3s only through an ExternalSecret. GitLab cannot show it
	 * again: a step that lost it deletes the runner and creates another.
	 * {@code POST /user/runners}.
	 */
	IssuedToken createRunner(RunnerRequest runner);

	/**
	 * A deploy token of a project (e.g. {@code read_repository} for Argo CD).
	 * {@code POST /projects/:id/deploy_tokens}.
	 */
	IssuedToken createDeployToken(long projectId, String name, List<String> scopes, String expiresAt);

}
