package org.homelab.rollout.gitlab;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;

final class GitlabRepositoryTemplate implements GitlabRepositoryOperations {

	private final GitlabHttp http;

	GitlabRepositoryTemplate(GitlabHttp http) {
		this.http = http;
	}

	@Override
	public Optional<byte[]> file(long projectId, String filePath, String ref) {
		try {
			JsonNode file = this.http.get(Map.of("ref", ref), "projects", Long.toString(projectId), "repository",
					"files", filePath);
			String content = file.path("content").asText();
			return Optional.of(file.path("encoding").asText().equals("base64") ? Base64.getMimeDecoder().decode(content)
					: content.getBytes(StandardCharsets.UTF_8));
		}
		catch (GitlabApiException ex) {
			if (ex.notFound()) {
				return Optional.empty();
			}
			throw ex;
		}
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

}
