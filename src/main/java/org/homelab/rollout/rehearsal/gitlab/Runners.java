package org.homelab.rollout.rehearsal.gitlab;

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
		return Reply.of(201, ApiRequest.object().put("id", id).put("token", value).putNull("token_expires_at"));
	}

	static Reply answer(GitlabState state, ApiRequest request) {
		List<String> s = request.segments();
		GitlabState.Runner runner = (s.size() == 2 && s.get(1).matches("\\d+"))
				? state.runners.get(Integer.parseInt(s.get(1))) : null;
		if (runner == null) {
			return Reply.notFound("");
		}
		if (request.method().equals("DELETE")) {
			state.runners.remove(runner.id());
			return Reply.noContent();
		}
		ObjectNode body = ApiRequest.object().put("id", runner.id()).put("runner_type", runner.type());
		body.put("description", runner.description()).put("active", true).put("paused", false);
		ArrayNode tags = body.putArray("tag_list");
		runner.tags().forEach(tags::add);
		return Reply.of(200, body);
	}

}
