package org.homelab.rollout.gitlab;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * The client: hands out the per-concern templates, all sharing one {@link GitlabHttp}.
 */
final class GitlabTemplate implements GitlabOperations {

	private final GitlabHttp http;

	private final HttpUrl registry;

	GitlabTemplate(OkHttpClient http, HttpUrl api, GitlabTokenSource tokens) {
		this(http, api, null, tokens);
	}

	/**
	 * @param registry the container registry's address, null when unknown
	 */
	GitlabTemplate(OkHttpClient http, HttpUrl api, HttpUrl registry, GitlabTokenSource tokens) {
		this.http = new GitlabHttp(http, api, tokens);
		this.registry = registry;
	}

	@Override
	public GitlabVersion version() {
		JsonNode version = this.http.get(Map.of(), "version");
		return new GitlabVersion(version.path("version").asText(), version.path("revision").asText());
	}

	@Override
	public GitlabTokenOperations tokens() {
		return new GitlabTokenTemplate(this.http);
	}

	@Override
	public GitlabDeployTokenOperations deployTokens() {
		return new GitlabDeployTokenTemplate(this.http);
	}

	@Override
	public GitlabGroupOperations groups() {
		return new GitlabGroupTemplate(this.http);
	}

	@Override
	public GitlabProjectOperations projects() {
		return new GitlabProjectTemplate(this.http);
	}

	@Override
	public GitlabRepositoryOperations repository() {
		return new GitlabRepositoryTemplate(this.http);
	}

	@Override
	public GitlabPipelineOperations pipelines() {
		return new GitlabPipelineTemplate(this.http);
	}

	@Override
	public GitlabRegistryOperations registry() {
		return new GitlabRegistryTemplate(this.http, this.registry);
	}

	@Override
	public GitlabRunnerOperations runners() {
		return new GitlabRunnerTemplate(this.http);
	}

	@Override
	public String toString() {
		return "GitlabTemplate";
	}

}
