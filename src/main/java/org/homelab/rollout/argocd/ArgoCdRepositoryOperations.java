package org.homelab.rollout.argocd;

import java.util.Optional;

/** Repositories ({@code /api/v1/repositories}), by URL. */
public interface ArgoCdRepositoryOperations {

	/** {@code GET /api/v1/repositories/{repo}}; empty when not registered. */
	Optional<ArgoCdRepository> get(String repoUrl);

	/**
	 * {@code POST /api/v1/repositories[?upsert=true]}: a Git repository over HTTPS with a
	 * username and the password asked of {@code password} for this call only (e.g. a
	 * GitLab deploy token read from Vault). Argo CD checks the credentials against the
	 * repository before it answers.
	 */
	ArgoCdRepository create(String repoUrl, String name, String username, ArgoCdPasswordSource password,
			boolean upsert);

	/**
	 * {@code DELETE /api/v1/repositories/{repo}}; one already gone counts as deleted
	 * (false).
	 */
	boolean delete(String repoUrl);

}
