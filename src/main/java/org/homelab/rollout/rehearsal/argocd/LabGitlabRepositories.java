package org.homelab.rollout.rehearsal.argocd;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

import org.homelab.rollout.rehearsal.gitlab.GitlabLab;
import org.homelab.rollout.rehearsal.gitlab.GitlabRepositories;
import org.homelab.rollout.rehearsal.gitlab.GitlabService;

/**
 * The lab GitLab's repositories as Argo CD's repo-server clones them: the repoURL's path
 * ({@code /<group>/<project>[.git]}) names the project, whichever host name it is reached
 * by (the front door's {@code gitlab.<domain>} or the VM's address); every project is
 * private, so a clone needs credentials GitLab accepts for Git over HTTPS (the lab
 * GitLab's own rule, {@link GitlabRepositories#canRead}). The revision reported is the
 * commit the branch points at.
 */
public final class LabGitlabRepositories implements GitRepositories {

	private static final String ACCESS_DENIED = "authentication required: HTTP Basic: Access denied. If a password"
			+ " was provided for Git authentication, the password was incorrect or you're required to use a token"
			+ " instead of a password.";

	private final GitlabService gitlab;

	public LabGitlabRepositories(GitlabService gitlab) {
		this.gitlab = gitlab;
	}

	@Override
	public Checkout checkout(String repoUrl, String revision, String username, String password) {
		String host;
		try {
			host = Optional.ofNullable(URI.create(repoUrl).getHost()).orElse("");
		}
		catch (IllegalArgumentException ex) {
			return Checkout.failed("repository not found");
		}
		String project = GitlabRepositories.projectOf(repoUrl).orElse("");
		if (this.gitlab.labs().values().stream().noneMatch(GitlabLab::ready)) {
			return Checkout.failed("Get \"" + repoUrl + "/info/refs?service=git-upload-pack\": dial tcp: lookup " + host
					+ ": connection refused");
		}
		Optional<GitlabLab> found = this.gitlab.labs()
			.values()
			.stream()
			.filter(lab -> lab.running() && lab.projects().contains(project))
			.findFirst();
		// GitLab answers an unknown project like one the credentials may not read
		if (found.isEmpty() || !found.get().canRead(project, username, password)) {
			return Checkout.failed(ACCESS_DENIED);
		}
		GitlabLab lab = found.get();
		String ref = (revision == null || revision.isBlank()) ? "HEAD" : revision;
		Optional<String> commit = lab.revision(project, ref);
		Map<String, String> files = lab.files(project, ref, "");
		if (commit.isEmpty() || files.isEmpty()) {
			return Checkout.failed("unable to resolve '" + ref + "' to a commit SHA");
		}
		return Checkout.of(files, commit.get());
	}

}
