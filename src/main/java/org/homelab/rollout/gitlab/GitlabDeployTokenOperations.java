package org.homelab.rollout.gitlab;

import java.util.List;
import java.util.Optional;

/**
 * A project's deploy tokens: the read-only credentials Argo CD and the Ansible VM clone
 * with. GitLab shows a token's value once, on creation: it goes straight into Vault
 * ({@link IssuedToken}); afterwards only its name, user name and scopes can be seen.
 * Needs a token with {@code api} of a maintainer of the project (the engine's is an
 * administrator's).
 */
public interface GitlabDeployTokenOperations {

	/**
	 * Every deploy token of the project, revoked and expired ones included, page by page.
	 * {@code GET /projects/:id/deploy_tokens?per_page=100&page=N}.
	 */
	List<GitlabDeployToken> list(long projectId);

	/**
	 * The active token with this name (the newest when several have it), empty when none.
	 */
	Optional<GitlabDeployToken> find(long projectId, String name);

	/**
	 * A new token; its value only in the answer.
	 * {@code POST /projects/:id/deploy_tokens}.
	 */
	IssuedToken create(long projectId, DeployTokenRequest request);

	/**
	 * The active token named as asked, created when there is none. An adopted token comes
	 * back without its value ({@link IssuedToken#hasValue()} false): GitLab cannot show
	 * it again, so a caller that finds Vault without it calls {@link #replace}.
	 * {@link Adopted#created()} says whether this call made it, so an undo revokes only
	 * what its run created.
	 */
	Adopted<IssuedToken> findOrCreate(long projectId, DeployTokenRequest request);

	/**
	 * Revokes every active token with the request's name and creates a new one: for a
	 * token whose value was lost (not in Vault). Always {@link Adopted#created()}.
	 */
	Adopted<IssuedToken> replace(long projectId, DeployTokenRequest request);

	/**
	 * Revokes the token: Git clients using it are refused at once. A token already gone
	 * counts as revoked. {@code DELETE /projects/:id/deploy_tokens/:token_id}.
	 */
	void revoke(long projectId, long tokenId);

}
