package org.homelab.rollout.gitlab;

import java.util.Optional;

/** Projects, looked up by their full path ({@code group/project}). */
public interface GitlabProjectOperations {

	/** {@code GET /projects/:id} with the full path as id; empty on 404. */
	Optional<GitlabProject> findByPath(String pathWithNamespace);

	/**
	 * A private, empty project in the namespace (a group's id). {@code POST /projects}.
	 */
	GitlabProject create(String name, String path, long namespaceId);

	/**
	 * The project {@code path} in that group, created if absent; adopted if taken
	 * meanwhile.
	 */
	Adopted<GitlabProject> findOrCreate(GitlabGroup group, String name, String path);

	/** {@code DELETE /projects/:id}; a project already gone counts as deleted. */
	void delete(long id);

}
