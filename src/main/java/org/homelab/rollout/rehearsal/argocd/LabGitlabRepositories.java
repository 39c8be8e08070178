package org.homelab.rollout.rehearsal.argocd;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.homelab.rollout.rehearsal.gitlab.GitlabLab;
import org.homelab.rollout.rehearsal.gitlab.GitlabService;

/**
 * The lab GitLab's repositories as Argo CD's repo-server clones them: the repoURL's path
 * ({@code /<group>/<project>[.git]}) names the project, whichever host name it is reached
 * by (the front door's {@code gitlab.<domain>} or the VM's address); every project is
 * private, so a clone needs credentials GitLab accepts for Git over HTTPS
 * ({@link GitCredentials}). The revision reported is a digest of the files at that
 * branch, standing in for the commit SHA (the lab GitLab exposes content, not commits).
 */
public final class LabGitlabRepositories implements GitRepositories {

	/**
	 * Whether the lab GitLab on a VM lets {@code username}/{@code password} read
	 * {@code project} over Git HTTPS. The lab wires deploy tokens
	 * ({@link GitlabLab#gitReadAllowed}); a wider check (personal access tokens, root)
	 * can be wired the same way.
	 */
	@FunctionalInterface
	public interface GitCredentials {

		boolean accepts(GitlabLab gitlab, String project, String username, String password);

	}

	private final GitlabService gitlab;

	private final GitCredentials credentials;

	public LabGitlabRepositories(GitlabService gitlab, GitCredentials credentials) {
		this.gitlab = gitlab;
		this.credentials = credentials;
	}

	/**
	 * Deploy tokens with {@code read_repository}, as Argo CD's repository Secret holds.
	 */
	public LabGitlabRepositories(GitlabService gitlab) {
		this(gitlab, GitlabLab::gitReadAllowed);
	}

	@Override
	public Checkout checkout(String repoUrl, String revision, String username, String password) {
		URI uri;
		try {
			uri = URI.create(repoUrl);
		}
		catch (IllegalArgumentException ex) {
			return Checkout.failed("repository not found");
		}
		String host = (uri.getHost() != null) ? uri.getHost() : "";
		String project = (uri.getPath() != null) ? uri.getPath().replaceFirst("^/", "").replaceFirst("\\.git$", "")
				: "";
		Optional<GitlabLab> found = this.gitlab.labs()
			.values()
			.stream()
			.filter(lab -> lab.running() && lab.projects().contains(project))
			.findFirst();
		if (this.gitlab.labs().values().stream().noneMatch(GitlabLab::ready)) {
			return Checkout.failed("Get \"" + repoUrl + "/info/refs?service=git-upload-pack\": dial tcp: lookup " + host
					+ ": connection refused");
		}
		if (found.isEmpty()) {
			// GitLab answers an unknown project like one the user may not read
			return Checkout.failed("authentication required: HTTP Basic: Access denied. If a password was provided"
					+ " for Git authentication, the password was incorrect or you're required to use a token instead"
					+ " of a password.");
		}
		GitlabLab lab = found.get();
		if (!this.credentials.accepts(lab, project, username, password)) {
			return Checkout.failed("authentication required: HTTP Basic: Access denied. If a password was provided"
					+ " for Git authentication, the password was incorrect or you're required to use a token instead"
					+ " of a password.");
		}
		String branch = (revision == null || revision.isBlank() || revision.equals("HEAD"))
				? lab.defaultBranch(project).orElse("main") : revision;
		Map<String, String> files = lab.files(project, branch);
		if (files.isEmpty()) {
			return Checkout.failed("unable to resolve '" + revision + "' to a commit SHA");
		}
		return Checkout.of(files, digest(files));
	}

	private static String digest(Map<String, String> files) {
		try {
			MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
			new TreeMap<>(files).forEach((path, content) -> {
				sha1.update(path.getBytes(StandardCharsets.UTF_8));
				sha1.update((byte) 0);
				sha1.update(content.getBytes(StandardCharsets.UTF_8));
				sha1.update((byte) 0);
			});
			return HexFormat.of().formatHex(sha1.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
