package org.homelab.rollout.gitlab;

import java.util.Optional;

/** Groups, looked up by their full path. */
public interface GitlabGroupOperations {

	/** {@code GET /groups/:id} with the full path as id; empty on 404. */
	Optional<GitlabGroup> findByPath(String fullPath);

	/** A private group (under {@code parentId} if not null). {@code POST /groups}. */
	GitlabGroup create(String name, String path, Long parentId);

	/**
	 * The group at {@code path} (top level), created if absent; adopted if taken
	 * meanwhile.
	 */
	Adopted<GitlabGroup> findOrCreate(String name, String path);

	/** {@code DELETE /groups/:id}; a group already gone counts as deleted. */
	void delete(long id);

}
