package org.homelab.rollout.gitlab;

import java.util.List;
import java.util.Optional;

/**
 * A project's container registry: through API v4 what GitLab knows of it, and through the
 * registry's own API v2 what it serves.
 */
public interface GitlabRegistryOperations {

	/**
	 * The project's registry repositories with their tags.
	 * {@code GET /projects/:id/registry/repositories?tags=true}.
	 */
	List<GitlabRegistryRepository> repositories(long projectId);

	/**
	 * One tag's details; empty when the repository has no such tag.
	 * {@code GET /projects/:id/registry/repositories/:repository_id/tags/:tag_name}.
	 */
	Optional<GitlabRegistryTag> tag(long projectId, long repositoryId, String tag);

	/**
	 * Pulls an image's manifest from the registry as {@code docker pull} does: {@code GET
	 * /v2/<path>/manifests/<tag>} at the registry's address, and on its 401 challenge a
	 * token from GitLab's {@code /jwt/auth} (realm checked to be GitLab's own host, Basic
	 * credentials with the engine's token, scope {@code repository:<path>:pull}), then
	 * again with that bearer token. Empty when the registry has no such image or tag.
	 * @param path the repository path, e.g. {@code homelab/ci-smoke}
	 */
	Optional<RegistryManifest> manifest(String path, String tag);

}
