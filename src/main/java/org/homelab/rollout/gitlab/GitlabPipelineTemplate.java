package org.homelab.rollout.gitlab;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

final class GitlabPipelineTemplate implements GitlabPipelineOperations {

	private final GitlabHttp http;

	GitlabPipelineTemplate(GitlabHttp http) {
		this.http = http;
	}

	@Override
	public GitlabPipeline create(long projectId, String ref) {
		return pipeline(this.http.post(Map.of("ref", ref), "projects", Long.toString(projectId), "pipeline"));
	}

	@Override
	public GitlabPipeline get(long projectId, long pipelineId) {
		return pipeline(
				this.http.get(Map.of(), "projects", Long.toString(projectId), "pipelines", Long.toString(pipelineId)));
	}

	@Override
	public Optional<GitlabPipeline> latest(long projectId, String ref) {
		try {
			return Optional.of(pipeline(this.http.get((ref != null) ? Map.of("ref", ref) : Map.of(), "projects",
					Long.toString(projectId), "pipelines", "latest")));
		}
		catch (GitlabApiException ex) {
			if (ex.notFound()) {
				return Optional.empty();
			}
			throw ex;
		}
	}

	@Override
	public List<GitlabJob> jobs(long projectId, long pipelineId) {
		JsonNode jobs = this.http.get(Map.of("per_page", "100"), "projects", Long.toString(projectId), "pipelines",
				Long.toString(pipelineId), "jobs");
		List<GitlabJob> found = new ArrayList<>();
		for (JsonNode job : jobs) {
			List<String> tags = new ArrayList<>();
			job.path("tag_list").forEach(tag -> tags.add(tag.asText()));
			JsonNode runner = job.path("runner");
			boolean taken = runner.isObject() && runner.has("id");
			found.add(new GitlabJob(job.path("id").asLong(), job.path("name").asText(), job.path("stage").asText(),
					job.path("status").asText(), List.copyOf(tags), taken ? runner.path("id").asLong() : null,
					taken ? GitlabTokenTemplate.text(runner, "description") : null,
					GitlabTokenTemplate.text(job, "failure_reason"),
					GitlabTokenTemplate.text(job.path("pipeline"), "status")));
		}
		return List.copyOf(found);
	}

	private static GitlabPipeline pipeline(JsonNode node) {
		return new GitlabPipeline(node.path("id").asLong(), node.path("project_id").asLong(), node.path("ref").asText(),
				node.path("sha").asText(), node.path("status").asText(), GitlabTokenTemplate.text(node, "web_url"));
	}

}
