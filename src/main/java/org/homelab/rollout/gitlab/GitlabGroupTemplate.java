package org.homelab.rollout.gitlab;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

final class GitlabGroupTemplate implements GitlabGroupOperations {

	private final GitlabHttp http;

	GitlabGroupTemplate(GitlabHttp http) {
		this.http = http;
	}

	@Override
	public Optional<GitlabGroup> findByPath(String fullPath) {
		try {
			return Optional.of(group(this.http.get(Map.of(), "groups", fullPath)));
		}
		catch (GitlabApiException ex) {
			if (ex.notFound()) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	@Override
	public GitlabGroup create(String name, String path, Long parentId) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", name);
		body.put("path", path);
		body.put("visibility", "private");
		if (parentId != null) {
			body.put("parent_id", parentId);
		}
		return group(this.http.post(body, "groups"));
	}

	@Override
	public Adopted<GitlabGroup> findOrCreate(String name, String path) {
		Optional<GitlabGroup> found = findByPath(path);
		if (found.isPresent()) {
			return Adopted.existing(found.get());
		}
		try {
			return Adopted.created(create(name, path, null));
		}
		catch (GitlabApiException ex) {
			// created meanwhile (a retried call GitLab had done): adopt it
			if (ex.alreadyTaken()) {
				return Adopted.existing(findByPath(path).orElseThrow(() -> ex));
			}
			throw ex;
		}
	}

	@Override
	public void delete(long id) {
		try {
			this.http.delete("groups", Long.toString(id));
		}
		catch (GitlabApiException ex) {
			if (!ex.notFound()) {
				throw ex;
			}
		}
	}

	private static GitlabGroup group(JsonNode node) {
		return new GitlabGroup(node.path("id").asLong(), node.path("full_path").asText());
	}

}
