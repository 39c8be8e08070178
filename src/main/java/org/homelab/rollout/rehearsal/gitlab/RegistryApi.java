package org.homelab.rollout.rehearsal.gitlab;

import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.homelab.rollout.rehearsal.gitlab.ApiRequest.Reply;
import org.homelab.rollout.rehearsal.gitlab.CiState.Repository;
import org.homelab.rollout.rehearsal.gitlab.CiState.Tag;
import org.homelab.rollout.rehearsal.gitlab.GitlabState.Project;

/**
 * A project's container registry through API v4: its repositories ({@code tags=true} adds
 * each one's tags, {@code tags_count=true} their number), a repository's tags, and one
 * tag's details (digest, revision, size). Without a registry
 * ({@code registry_external_url} unset) GitLab answers 404. The caller holds the state's
 * lock.
 */
final class RegistryApi {

	private final GitlabState state;

	private final String registry;

	/**
	 * @param registry the registry's host, null when GitLab has none
	 */
	RegistryApi(GitlabState state, String registry) {
		this.state = state;
		this.registry = registry;
	}

	Reply answer(ApiRequest request, Project project) {
		List<String> s = request.segments();
		if (this.registry == null || !request.method().equals("GET") || s.size() < 4
				|| !s.get(3).equals("repositories")) {
			return Reply.notFound("");
		}
		if (s.size() == 4) {
			ArrayNode repositories = ApiRequest.JSON.createArrayNode();
			boolean tags = "true".equals(request.query().get("tags"));
			boolean count = "true".equals(request.query().get("tags_count"));
			this.state.ci.repositories.values()
				.stream()
				.filter(r -> r.projectId == project.id)
				.forEach(r -> repositories.add(repository(r, project, tags, count)));
			return Reply.of(200, repositories);
		}
		Optional<Repository> repository = s.get(4).matches("\\d+") ? this.state.ci.repositories.values()
			.stream()
			.filter(r -> r.projectId == project.id && r.id == Integer.parseInt(s.get(4)))
			.findFirst() : Optional.empty();
		if (repository.isEmpty()) {
			return Reply.notFound("Repository");
		}
		if (s.size() == 6 && s.get(5).equals("tags")) {
			ArrayNode tags = ApiRequest.JSON.createArrayNode();
			repository.get().tags.values().forEach(t -> tags.add(tag(repository.get(), t)));
			return Reply.of(200, tags);
		}
		if (s.size() == 7 && s.get(5).equals("tags")) {
			Tag tag = repository.get().tags.get(s.get(6));
			if (tag == null) {
				return Reply.notFound("Tag");
			}
			String revision = tag.configDigest().substring("sha256:".length());
			return Reply.of(200,
					tag(repository.get(), tag).put("revision", revision)
						.put("short_revision", revision.substring(0, 9))
						.put("digest", tag.digest())
						.put("created_at", tag.createdAt().toString())
						.put("total_size", tag.totalSize()));
		}
		return Reply.notFound("");
	}

	private ObjectNode repository(Repository repository, Project project, boolean withTags, boolean count) {
		String name = repository.path.equals(project.fullPath().toLowerCase(java.util.Locale.ROOT)) ? ""
				: repository.path.substring(project.fullPath().length() + 1);
		ObjectNode body = ApiRequest.object()
			.put("id", repository.id)
			.put("name", name)
			.put("path", repository.path)
			.put("project_id", repository.projectId)
			.put("location", this.registry + "/" + repository.path)
			.put("created_at", repository.createdAt.toString())
			.putNull("cleanup_policy_started_at");
		if (count) {
			body.put("tags_count", repository.tags.size());
		}
		if (withTags) {
			ArrayNode tags = body.putArray("tags");
			repository.tags.values().forEach(t -> tags.add(tag(repository, t)));
		}
		return body;
	}

	private ObjectNode tag(Repository repository, Tag tag) {
		return ApiRequest.object()
			.put("name", tag.name())
			.put("path", repository.path + ":" + tag.name())
			.put("location", this.registry + "/" + repository.path + ":" + tag.name());
	}

}
