package org.homelab.rollout.rehearsal.argocd;

import java.util.Map;

/**
 * Where the lab's Argo CD reads Git, as its repo-server clones over HTTPS: the files of a
 * repository at a revision, for the credentials Argo CD holds for it (none when the
 * repository is not registered). The lab wires the lab GitLab behind it
 * ({@link LabGitlabRepositories}); a test may wire anything that behaves like a Git
 * server.
 */
@FunctionalInterface
public interface GitRepositories {

	/**
	 * @param repoUrl the Application's {@code spec.source.repoURL}
	 * @param revision its {@code targetRevision} ({@code HEAD} for the default branch)
	 * @param username null when Argo CD has no credentials for it
	 * @param password null likewise; never kept
	 */
	Checkout checkout(String repoUrl, String revision, String username, String password);

	/**
	 * What a clone gave: the files (path → content) and the revision they are at, or why
	 * it failed in git's words ({@code files} null then).
	 */
	record Checkout(Map<String, String> files, String revision, String error) {

		public static Checkout of(Map<String, String> files, String revision) {
			return new Checkout(Map.copyOf(files), revision, null);
		}

		public static Checkout failed(String error) {
			return new Checkout(null, null, error);
		}

		public boolean ok() {
			return this.error == null;
		}

	}

}
