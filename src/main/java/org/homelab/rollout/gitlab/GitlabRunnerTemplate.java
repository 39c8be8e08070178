package org.homelab.rollout.gitlab;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

final class GitlabRunnerTemplate implements GitlabRunnerOperations {

	private static final int PER_PAGE = 100;

	// a homelab has a handful of runners; this bounds a misbehaving server's paging
	private static final int MAX_PAGES = 50;

	private final GitlabHttp http;

	GitlabRunnerTemplate(GitlabHttp http) {
		this.http = http;
	}

	@Override
	public Optional<GitlabRunner> findInstanceRunner(String description) {
		List<GitlabRunner> found = new ArrayList<>();
		for (int page = 1; page <= MAX_PAGES; page++) {
			Map<String, String> query = new LinkedHashMap<>();
			query.put("type", "instance_type");
			query.put("per_page", Integer.toString(PER_PAGE));
			query.put("page", Integer.toString(page));
			JsonNode runners = this.http.get(query, "runners", "all");
			runners.forEach(node -> {
				GitlabRunner runner = runner(node);
				if (description.equals(runner.description())) {
					found.add(runner);
				}
			});
			if (runners.size() < PER_PAGE) {
				break;
			}
		}
		return found.stream().min(Comparator.comparingLong(GitlabRunner::id));
	}

	@Override
	public IssuedToken create(RunnerRequest runner, boolean locked, String maintenanceNote) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("runner_type", runner.runnerType());
		if (runner.groupId() != null) {
			body.put("group_id", runner.groupId());
		}
		if (runner.projectId() != null) {
			body.put("project_id", runner.projectId());
		}
		body.put("description", runner.description());
		body.put("tag_list", String.join(",", runner.tags()));
		body.put("run_untagged", runner.runUntagged());
		body.put("locked", locked);
		if (maintenanceNote != null) {
			body.put("maintenance_note", maintenanceNote);
		}
		JsonNode answer = this.http.post(body, "user", "runners");
		return new IssuedToken(answer.path("id").asLong(), answer.path("token").asText(), null,
				GitlabTokenTemplate.text(answer, "token_expires_at"));
	}

	@Override
	public GitlabRunner get(long id) {
		return runner(this.http.get(Map.of(), "runners", Long.toString(id)));
	}

	@Override
	public Optional<GitlabRunner> find(long id) {
		try {
			return Optional.of(get(id));
		}
		catch (GitlabApiException ex) {
			if (ex.notFound()) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	@Override
	public void delete(long id) {
		try {
			this.http.delete("runners", Long.toString(id));
		}
		catch (GitlabApiException ex) {
			if (!ex.notFound()) {
				throw ex;
			}
		}
	}

	/** GitLab's details give {@code locked} as a boolean (the contract says string). */
	private static boolean flag(JsonNode value) {
		return value.isBoolean() ? value.asBoolean() : "true".equals(value.asText());
	}

	/** The list answers no tags; the details answer them as an array. */
	private static GitlabRunner runner(JsonNode node) {
		List<String> tags = new ArrayList<>();
		JsonNode tagList = node.path("tag_list");
		if (tagList.isArray()) {
			tagList.forEach(tag -> tags.add(tag.asText()));
		}
		return new GitlabRunner(node.path("id").asLong(), GitlabTokenTemplate.text(node, "description"),
				GitlabTokenTemplate.text(node, "runner_type"), tags, GitlabTokenTemplate.text(node, "status"),
				node.path("online").asBoolean(false), GitlabTokenTemplate.text(node, "contacted_at"),
				node.path("paused").asBoolean(false), flag(node.path("locked")),
				GitlabTokenTemplate.text(node, "maintenance_note"));
	}

}
