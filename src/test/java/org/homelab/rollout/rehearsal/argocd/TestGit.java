package org.homelab.rollout.rehearsal.argocd;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A private Git server for the lab's Argo CD in tests: repositories by URL, each with the
 * one username and password it lets read; the revision is a counter bumped on every
 * commit.
 */
final class TestGit implements GitRepositories {

	static final String USERNAME = "gitlab+deploy-token-1";

	private final Map<String, Map<String, String>> repositories = new ConcurrentHashMap<>();

	private final Map<String, Integer> revisions = new ConcurrentHashMap<>();

	private final String password;

	TestGit(String password) {
		this.password = password;
	}

	void commit(String url, Map<String, String> files) {
		this.repositories.merge(url, Map.copyOf(files), (a, b) -> {
			Map<String, String> merged = new java.util.TreeMap<>(a);
			merged.putAll(b);
			return Map.copyOf(merged);
		});
		this.revisions.merge(url, 1, Integer::sum);
	}

	@Override
	public Checkout checkout(String repoUrl, String revision, String username, String password) {
		Map<String, String> files = this.repositories.get(repoUrl);
		if (files == null || !USERNAME.equals(username) || !Objects.equals(this.password, password)) {
			return Checkout.failed("authentication required: HTTP Basic: Access denied");
		}
		return Checkout.of(files, String.format("%040d", this.revisions.get(repoUrl)));
	}

}
