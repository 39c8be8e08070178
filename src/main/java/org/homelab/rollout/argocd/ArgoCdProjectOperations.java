package org.homelab.rollout.argocd;

import java.util.Optional;

/** AppProjects ({@code /api/v1/projects}). */
public interface ArgoCdProjectOperations {

	/** {@code GET /api/v1/projects/{name}}; empty when there is none. */
	Optional<ArgoCdProject> get(String name);

	/**
	 * {@code POST /api/v1/projects} with {@code upsert} as a body field beside
	 * {@code project} (not a query flag, unlike applications and repositories).
	 */
	ArgoCdProject create(ArgoCdProject project, boolean upsert);

	/**
	 * {@code DELETE /api/v1/projects/{name}}; Argo CD refuses while applications use it.
	 * One already gone counts as deleted (false).
	 */
	boolean delete(String name);

}
