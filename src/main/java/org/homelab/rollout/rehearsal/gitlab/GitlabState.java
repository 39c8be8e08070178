package org.homelab.rollout.rehearsal.gitlab;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a GitLab instance keeps in its database and repositories: groups, projects with
 * their branches' files and commits, personal access tokens, runners and deploy tokens.
 * Secrets (token values, the root password) are kept only as SHA-256 digests, as GitLab
 * does. Callers synchronize on the state.
 */
final class GitlabState {

	static final int ROOT_USER_ID = 1;

	static final class Group {

		final int id;

		final String name;

		final String path;

		final String description;

		final String visibility;

		Group(int id, String name, String path, String description, String visibility) {
			this.id = id;
			this.name = name;
			this.path = path;
			this.description = description;
			this.visibility = visibility;
		}

	}

	static final class Project {

		final int id;

		final String name;

		final String path;

		final Group namespace;

		final String defaultBranch;

		final String visibility;

		/** Branch name to files (path to content); a new project has no branch. */
		final Map<String, Map<String, String>> branches = new TreeMap<>();

		final List<Commit> commits = new ArrayList<>();

		Project(int id, String name, String path, Group namespace, String defaultBranch, String visibility) {
			this.id = id;
			this.name = name;
			this.path = path;
			this.namespace = namespace;
			this.defaultBranch = defaultBranch;
			this.visibility = visibility;
		}

		String fullPath() {
			return this.namespace.path + "/" + this.path;
		}

		/** The newest commit of a branch, null when the branch has none. */
		Commit head(String branch) {
			for (int i = this.commits.size() - 1; i >= 0; i--) {
				if (this.commits.get(i).branch().equals(branch)) {
					return this.commits.get(i);
				}
			}
			return null;
		}

		/**
		 * A commit by id (or unique prefix of at least 7) or a branch's head; null if
		 * none.
		 */
		Commit commit(String shaOrBranch) {
			if (this.branches.containsKey(shaOrBranch)) {
				return head(shaOrBranch);
			}
			if (shaOrBranch.length() < 7) {
				return null;
			}
			return this.commits.stream().filter(c -> c.id().startsWith(shaOrBranch)).findFirst().orElse(null);
		}

		/** The commits reachable from a branch head or commit, newest first. */
		List<Commit> history(String shaOrBranch) {
			List<Commit> history = new ArrayList<>();
			Commit at = commit(shaOrBranch);
			while (at != null) {
				history.add(at);
				at = (at.parentId() != null) ? commit(at.parentId()) : null;
			}
			return history;
		}

	}

	/**
	 * A commit: its Git object id (computed as Git does, so a Git client can fetch it),
	 * its parent (null for a branch's first), what it changed (each path's content before
	 * and after, null where the file was absent; a revert inverts it) and the whole tree
	 * it left.
	 */
	record Commit(String id, String branch, String message, Instant at, String parentId, Map<String, String> before,
			Map<String, String> after, Map<String, String> files) {

		String title() {
			return this.message.lines().findFirst().orElse("");
		}

	}

	record Token(int id, String name, List<String> scopes, LocalDate expiresAt, String digest, boolean revoked,
			Instant createdAt) {

		Token revoke() {
			return new Token(this.id, this.name, this.scopes, this.expiresAt, this.digest, true, this.createdAt);
		}

	}

	record Runner(int id, String type, String description, List<String> tags, String digest, Integer ownerId) {
	}

	record DeployToken(int id, int projectId, String name, String username, List<String> scopes, LocalDate expiresAt,
			String digest) {
	}

	private static final SecureRandom RANDOM = new SecureRandom();

	final Map<Integer, Group> groups = new LinkedHashMap<>();

	final Map<Integer, Project> projects = new LinkedHashMap<>();

	final Map<Integer, Token> tokens = new LinkedHashMap<>();

	final Map<Integer, Runner> runners = new LinkedHashMap<>();

	final Map<Integer, String> runnerNodes = new ConcurrentHashMap<>();

	/**
	 * Runners a test placed on a node by hand ({@link GitlabLab#runnerOn}): no manager
	 * polls for them, so the heartbeat leaves them as placed.
	 */
	final Set<Integer> placedByHand = ConcurrentHashMap.newKeySet();

	final Map<Integer, DeployToken> deployTokens = new LinkedHashMap<>();

	final List<String> backups = new ArrayList<>();

	/** Pipelines, jobs and the container registry. */
	final CiState ci = new CiState();

	/**
	 * When each runner last contacted GitLab (its manager's poll); absent: never.
	 * {@link #runnerNodes} holds the runners whose manager polls now.
	 */
	final Map<Integer, Instant> runnerContacts = new ConcurrentHashMap<>();

	/** What {@code POST /user/runners} set beyond the runner's record. */
	record RunnerSettings(boolean locked, boolean runUntagged, String maintenanceNote) {
	}

	final Map<Integer, RunnerSettings> runnerSettings = new ConcurrentHashMap<>();

	/** The root password's digest, null while GitLab generated one nobody knows. */
	String rootPassword;

	// the root user's namespace holds ID 1, as on a fresh instance
	private int nextNamespace = 2;

	private int nextProject = 1;

	private int nextToken = 1;

	private int nextRunner = 1;

	private int nextDeployToken = 1;

	int namespaceId() {
		return this.nextNamespace++;
	}

	int projectId() {
		return this.nextProject++;
	}

	int tokenId() {
		return this.nextToken++;
	}

	int runnerId() {
		return this.nextRunner++;
	}

	int deployTokenId() {
		return this.nextDeployToken++;
	}

	/** The token a request presented, if GitLab knows its value. */
	Token tokenByValue(String value) {
		String digest = digest(value);
		return this.tokens.values().stream().filter(t -> t.digest().equals(digest)).findFirst().orElse(null);
	}

	/** A new secret with GitLab's prefix for its kind, e.g. {@code glpat-}. */
	static String secret(String prefix) {
		byte[] bytes = new byte[15];
		RANDOM.nextBytes(bytes);
		return prefix + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

	static String digest(String value) {
		try {
			return HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static String commitId() {
		byte[] bytes = new byte[20];
		RANDOM.nextBytes(bytes);
		return HexFormat.of().formatHex(bytes);
	}

}
