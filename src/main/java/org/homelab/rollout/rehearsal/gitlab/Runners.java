package org.homelab.rollout.rehearsal.gitlab;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.homelab.rollout.rehearsal.gitlab.ApiRequest.Reply;

/**
 * Runners as GitLab 16+ creates them: {@code POST /user/runners} answers the runner's
 * authentication token ({@code glrt-}, shown once); {@code GET} and {@code DELETE
 * /runners/:id}. {@code group_id} is needed only for a group runner and
 * {@code project_id} only for a project runner, whatever the contract's {@code required}
 * says.
 */
final class Runners {

	private Runners() {
	}

	static Reply create(GitlabState state, GitlabApi api, ApiRequest request) {
		String type = request.text("runner_type");
		if (type == null || !List.of("instance_type", "group_type", "project_type").contains(type)) {
			return Reply.message(400, "400 Bad request - runner_type does not have a valid value");
		}
		Integer owner = null;
		if (!type.equals("instance_type")) {
			String field = type.equals("group_type") ? "group_id" : "project_id";
			String id = request.text(field);
			boolean exists = id != null
					&& (type.equals("group_type") ? api.findGroup(id) != null : api.findProject(id) != null);
			if (!exists) {
				return Reply.message(400, "400 Bad request - " + field + " is missing or not found");
			}
			owner = Integer.valueOf(id);
		}
		List<String> tags = new ArrayList<>();
		JsonNode tagList = request.body().path("tag_list");
		if (tagList.isArray()) {
			tagList.forEach(tag -> tags.add(tag.asText()));
		}
		else if (tagList.isTextual()) {
			List.of(tagList.asText().split(",")).forEach(tag -> tags.add(tag.strip()));
		}
		String value = GitlabState.secret("glrt-");
		int id = state.runnerId();
		state.runners.put(id, new GitlabState.Runner(id, type, request.text("description"), List.copyOf(tags),
				GitlabState.digest(value), owner));
		state.runnerSettings.put(id, new GitlabState.RunnerSettings(request.body().path("locked").asBoolean(false),
				request.body().path("run_untagged").asBoolean(true), request.text("maintenance_note")));
		return Reply.of(201, ApiRequest.object().put("id", id).put("token", value).putNull("token_expires_at"));
	}

	static Reply answer(GitlabState state, ApiRequest request) {
		List<String> s = request.segments();
		if (request.is("GET", 2) && "all".equals(s.get(1))) {
			return all(state, request);
		}
		GitlabState.Runner runner = (s.size() == 2 && s.get(1).matches("\\d+"))
				? state.runners.get(Integer.parseInt(s.get(1))) : null;
		if (runner == null) {
			return Reply.notFound("");
		}
		if (request.method().equals("DELETE")) {
			state.runners.remove(runner.id());
			state.runnerNodes.remove(runner.id());
			state.runnerContacts.remove(runner.id());
			state.runnerSettings.remove(runner.id());
			return Reply.noContent();
		}
		ObjectNode body = summary(state, runner);
		Instant contacted = state.runnerContacts.get(runner.id());
		if (contacted != null) {
			body.put("contacted_at", contacted.toString());
		}
		else {
			body.putNull("contacted_at");
		}
		GitlabState.RunnerSettings settings = state.runnerSettings.getOrDefault(runner.id(),
				new GitlabState.RunnerSettings(false, true, null));
		body.put("run_untagged", settings.runUntagged())
			.put("locked", settings.locked())
			.put("access_level", "not_protected")
			.put("maintenance_note", settings.maintenanceNote());
		ArrayNode tags = body.putArray("tag_list");
		runner.tags().forEach(tags::add);
		return Reply.of(200, body);
	}

	/**
	 * {@code GET /runners/all}: every runner, filtered by {@code type} and
	 * {@code status}, a page of {@code per_page} (GitLab's default 20, at most 100).
	 */
	private static Reply all(GitlabState state, ApiRequest request) {
		String type = request.query().get("type");
		String status = request.query().get("status");
		int perPage = Math.min(100, Math.max(1, number(request.query().get("per_page"), 20)));
		int page = Math.max(1, number(request.query().get("page"), 1));
		ArrayNode list = ApiRequest.JSON.createArrayNode();
		state.runners.values()
			.stream()
			.filter(r -> type == null || type.equals(r.type()))
			.filter(r -> status == null || status.equals(status(state, r)))
			.skip((long) (page - 1) * perPage)
			.limit(perPage)
			.forEach(r -> list.add(summary(state, r)));
		return Reply.of(200, list);
	}

	private static ObjectNode summary(GitlabState state, GitlabState.Runner runner) {
		String status = status(state, runner);
		return ApiRequest.object()
			.put("id", runner.id())
			.put("description", runner.description())
			.put("runner_type", runner.type())
			.put("is_shared", runner.type().equals("instance_type"))
			.put("active", true)
			.put("paused", false)
			.put("online", status.equals("online"))
			.put("status", status);
	}

	/**
	 * Online while its manager polls ({@link RunnerHeartbeat}); offline once it stopped,
	 * never_contacted before its first poll.
	 */
	static String status(GitlabState state, GitlabState.Runner runner) {
		if (state.runnerNodes.containsKey(runner.id())) {
			return "online";
		}
		return state.runnerContacts.containsKey(runner.id()) ? "offline" : "never_contacted";
	}

	private static int number(String text, int otherwise) {
		return (text != null && text.matches("\\d{1,6}")) ? Integer.parseInt(text) : otherwise;
	}

}
