package org.homelab.rollout.rehearsal.gitlab;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * What other parts of the lab (the simulated Argo CD) read of the lab GitLab's
 * repositories, as a Git client would see them over HTTPS: a project's files at a ref,
 * the commit a ref points at, and whether basic credentials may read the project (a
 * deploy token, as Argo CD's repository Secret holds it). Projects are named by full path
 * ({@code homelab/gitops}); {@link #projectOf} turns a clone URL into one.
 */
public interface GitlabRepositories {

	/**
	 * The files of the project at {@code ref} (a branch, a commit id, or {@code HEAD} for
	 * the default branch) under {@code path} ({@code ""} or {@code "."} for all), by path
	 * from the repository's root, as text. Empty when the project, the ref or the path is
	 * not there.
	 */
	Map<String, String> files(String project, String ref, String path);

	/**
	 * The commit id {@code ref} resolves to, empty when the project or ref is not there.
	 */
	Optional<String> revision(String project, String ref);

	/**
	 * Whether HTTP basic {@code username}/{@code password} may read the project's
	 * repository, as GitLab decides for {@code git clone}: an active deploy token of that
	 * project with {@code read_repository}, or a personal access token with {@code api}
	 * or {@code read_repository}.
	 */
	boolean canRead(String project, String username, String password);

	/**
	 * The project's full path in a clone URL
	 * ({@code https://gitlab.<domain>/homelab/gitops.git} → {@code homelab/gitops});
	 * empty for a URL that names no project.
	 */
	static Optional<String> projectOf(String repoUrl) {
		try {
			String path = URI.create(repoUrl.strip()).getPath();
			if (path == null) {
				return Optional.empty();
			}
			String project = path.replaceFirst("^/+", "").replaceFirst("/+$", "").replaceFirst("\\.git$", "");
			return project.contains("/") ? Optional.of(project) : Optional.empty();
		}
		catch (IllegalArgumentException ex) {
			return Optional.empty();
		}
	}

}
