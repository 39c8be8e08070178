package org.homelab.rollout.gitlab;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

final class GitlabRepositoryTemplate implements GitlabRepositoryOperations {

	private static final int PER_PAGE = 100;

	// how far back an undo looks for its run's commits: a run's are among the newest
	private static final int RUN_HISTORY = 1000;

	private final GitlabHttp http;

	GitlabRepositoryTemplate(GitlabHttp http) {
		this.http = http;
	}

	@Override
	public Optional<byte[]> file(long projectId, String filePath, String ref) {
		return readFile(projectId, filePath, ref).map(RepositoryFile::content);
	}

	@Override
	public Optional<RepositoryFile> readFile(long projectId, String filePath, String ref) {
		try {
			JsonNode file = this.http.get(Map.of("ref", ref), "projects", Long.toString(projectId), "repository",
					"files", filePath);
			String content = file.path("content").asText();
			byte[] bytes = file.path("encoding").asText().equals("base64") ? Base64.getMimeDecoder().decode(content)
					: content.getBytes(StandardCharsets.UTF_8);
			return Optional.of(new RepositoryFile(filePath, bytes, GitlabTokenTemplate.text(file, "blob_id"),
					GitlabTokenTemplate.text(file, "last_commit_id")));
		}
		catch (GitlabApiException ex) {
			if (ex.notFound()) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	@Override
	public Optional<GitlabCommit> getCommit(long projectId, String sha) {
		try {
			return Optional.of(commit(this.http.get(Map.of("stats", "false"), "projects", Long.toString(projectId),
					"repository", "commits", sha)));
		}
		catch (GitlabApiException ex) {
			if (ex.notFound()) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	@Override
	public List<GitlabCommit> commits(long projectId, String ref, String path, int limit) {
		List<GitlabCommit> commits = new ArrayList<>();
		for (int page = 1; commits.size() < limit; page++) {
			Map<String, String> query = new LinkedHashMap<>();
			query.put("ref_name", ref);
			if (path != null) {
				query.put("path", path);
			}
			query.put("trailers", "true");
			query.put("per_page", Integer.toString(PER_PAGE));
			query.put("page", Integer.toString(page));
			JsonNode answer;
			try {
				answer = this.http.get(query, "projects", Long.toString(projectId), "repository", "commits");
			}
			catch (GitlabApiException ex) {
				// an empty repository (or a ref not there yet) has no commits
				if (ex.notFound()) {
					return commits;
				}
				throw ex;
			}
			for (JsonNode node : answer) {
				if (commits.size() < limit) {
					commits.add(commit(node));
				}
			}
			if (answer.size() < PER_PAGE) {
				break;
			}
		}
		return commits;
	}

	@Override
	public String commitForRun(long projectId, String branch, String title, String runId, List<CommitAction> actions) {
		return commit(projectId, branch, RunCommits.message(title, runId), actions);
	}

	@Override
	public List<GitlabCommit> runCommits(long projectId, String branch, String runId) {
		return commits(projectId, branch, null, RUN_HISTORY).stream().filter(c -> runId.equals(c.runId())).toList();
	}

	@Override
	public GitlabCommit revert(long projectId, String sha, String branch) {
		return commit(this.http.post(Map.of("branch", branch), "projects", Long.toString(projectId), "repository",
				"commits", sha, "revert"));
	}

	@Override
	public RevertResult revertRun(long projectId, String branch, String runId) {
		List<GitlabCommit> history = commits(projectId, branch, null, RUN_HISTORY);
		Set<String> reverted = new HashSet<>();
		for (GitlabCommit commit : history) {
			if (commit.reverts() != null) {
				reverted.add(commit.reverts());
			}
		}
		List<String> reverts = new ArrayList<>();
		List<String> already = new ArrayList<>();
		// newest first: each revert applies to the content the later ones left
		for (GitlabCommit commit : history) {
			if (!runId.equals(commit.runId())) {
				continue;
			}
			if (reverted.contains(commit.id())) {
				already.add(commit.id());
				continue;
			}
			try {
				reverts.add(revert(projectId, commit.id(), branch).id());
			}
			catch (GitlabApiException ex) {
				// nothing left to undo (someone restored the files): as good as reverted
				if (ex.status() == 400 && ex.said() != null && ex.said().contains("error_code empty")) {
					already.add(commit.id());
					continue;
				}
				throw ex;
			}
		}
		return new RevertResult(reverts, already);
	}

	@Override
	public String commit(long projectId, String branch, String message, List<CommitAction> actions) {
		List<Map<String, Object>> wire = new ArrayList<>();
		for (CommitAction action : actions) {
			Map<String, Object> one = new LinkedHashMap<>();
			one.put("action", action.action());
			one.put("file_path", action.filePath());
			if (action.content() != null) {
				one.put("content", action.content());
				one.put("encoding", action.encoding());
			}
			wire.add(one);
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("branch", branch);
		body.put("commit_message", message);
		body.put("actions", wire);
		return this.http.post(body, "projects", Long.toString(projectId), "repository", "commits").path("id").asText();
	}

	@Override
	public SeedResult seed(long projectId, String branch, Map<String, byte[]> wanted, String message) {
		List<CommitAction> actions = new ArrayList<>();
		List<String> created = new ArrayList<>();
		List<String> updated = new ArrayList<>();
		for (Map.Entry<String, byte[]> file : new TreeMap<>(wanted).entrySet()) {
			Optional<byte[]> present = file(projectId, file.getKey(), branch);
			if (present.isEmpty()) {
				actions.add(CommitAction.create(file.getKey(), file.getValue()));
				created.add(file.getKey());
			}
			else if (!Arrays.equals(present.get(), file.getValue())) {
				actions.add(CommitAction.update(file.getKey(), file.getValue()));
				updated.add(file.getKey());
			}
		}
		if (actions.isEmpty()) {
			return new SeedResult(null, created, updated);
		}
		return new SeedResult(commit(projectId, branch, message, actions), created, updated);
	}

	private static GitlabCommit commit(JsonNode node) {
		List<String> parents = new ArrayList<>();
		node.path("parent_ids").forEach(parent -> parents.add(parent.asText()));
		Map<String, String> trailers = new LinkedHashMap<>();
		node.path("trailers").fields().forEachRemaining(t -> trailers.put(t.getKey(), t.getValue().asText()));
		return new GitlabCommit(node.path("id").asText(), node.path("title").asText(), node.path("message").asText(),
				parents, GitlabTokenTemplate.text(node, "created_at"), trailers);
	}

}
