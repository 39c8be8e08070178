package org.homelab.rollout.gitlab;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

final class GitlabProjectTemplate implements GitlabProjectOperations {

	private final GitlabHttp http;

	GitlabProjectTemplate(GitlabHttp http) {
		this.http = http;
	}

	@Override
	public Optional<GitlabProject> findByPath(String pathWithNamespace) {
		try {
			return Optional.of(project(this.http.get(Map.of(), "projects", pathWithNamespace)));
		}
		catch (GitlabApiException ex) {
			if (ex.notFound()) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	@Override
	public GitlabProject create(String name, String path, long namespaceId) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("name", name);
		body.put("path", path);
		body.put("namespace_id", namespaceId);
		body.put("visibility", "private");
		return project(this.http.post(body, "projects"));
	}

	@Override
	public Adopted<GitlabProject> findOrCreate(GitlabGroup group, String name, String path) {
		String full = group.fullPath() + "/" + path;
		Optional<GitlabProject> found = findByPath(full);
		if (found.isPresent()) {
			return Adopted.existing(found.get());
		}
		try {
			return Adopted.created(create(name, path, group.id()));
		}
		catch (GitlabApiException ex) {
			// created meanwhile (a retried call GitLab had done): adopt it
			if (ex.alreadyTaken()) {
				return Adopted.existing(findByPath(full).orElseThrow(() -> ex));
			}
			throw ex;
		}
	}

	@Override
	public void delete(long id) {
		try {
			this.http.delete("projects", Long.toString(id));
		}
		catch (GitlabApiException ex) {
			if (!ex.notFound()) {
				throw ex;
			}
		}
	}

	private static GitlabProject project(JsonNode node) {
		return new GitlabProject(node.path("id").asLong(), node.path("path_with_namespace").asText(),
				GitlabTokenTemplate.text(node, "default_branch"));
	}

}
