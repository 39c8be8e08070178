package org.homelab.rollout.gitlab;

import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class GitlabTemplateTests {

	private GitlabTestServer gitlab;

	@BeforeEach
	void start() throws Exception {
		this.gitlab = new GitlabTestServer();
	}

	@AfterEach
	void stop() {
		this.gitlab.close();
		this.gitlab.checkContract();
	}

	@Test
	void versionAsksTheTokenSourceAtEachCallAndSendsItInTheHeaderOnly() throws Exception {
		this.gitlab.answer(200, "{\"version\":\"17.10.1\",\"revision\":\"abc123\"}");
		this.gitlab.answer(200, "{\"version\":\"17.10.1\",\"revision\":\"abc123\"}");
		assertThat(this.gitlab.client.version()).isEqualTo(new GitlabVersion("17.10.1", "abc123"));
		this.gitlab.client.version();
		this.gitlab.take("GET", "/api/v4/version");
		this.gitlab.take("GET", "/api/v4/version");
		assertThat(this.gitlab.tokenAsked).hasValue(2);
		this.gitlab.assertNoMoreRequests();
	}

	@Test
	void groupIsFoundByItsPathAndCreatedOnlyWhenAbsent() throws Exception {
		this.gitlab.answer(404, "{\"message\":\"404 Group Not Found\"}");
		this.gitlab.answer(201, "{\"id\":7,\"full_path\":\"homelab\"}");
		Adopted<GitlabGroup> first = this.gitlab.client.groups().findOrCreate("Homelab", "homelab");
		assertThat(first).isEqualTo(new Adopted<>(new GitlabGroup(7, "homelab"), true));
		this.gitlab.take("GET", "/api/v4/groups/homelab");
		JsonNode body = GitlabTestServer.body(this.gitlab.take("POST", "/api/v4/groups"));
		assertThat(body.path("name").asText()).isEqualTo("Homelab");
		assertThat(body.path("path").asText()).isEqualTo("homelab");
		assertThat(body.path("visibility").asText()).isEqualTo("private");
		assertThat(body.has("parent_id")).isFalse();

		this.gitlab.answer(200, "{\"id\":7,\"full_path\":\"homelab\"}");
		assertThat(this.gitlab.client.groups().findOrCreate("Homelab", "homelab").created()).isFalse();
		this.gitlab.take("GET", "/api/v4/groups/homelab");
		this.gitlab.assertNoMoreRequests();
	}

	@Test
	void aGroupTakenMeanwhileIsAdopted() throws Exception {
		this.gitlab.answer(404, "{\"message\":\"404 Group Not Found\"}");
		this.gitlab.answer(400, "{\"message\":{\"path\":[\"has already been taken\"]}}");
		this.gitlab.answer(200, "{\"id\":7,\"full_path\":\"homelab\"}");
		assertThat(this.gitlab.client.groups().findOrCreate("Homelab", "homelab"))
			.isEqualTo(new Adopted<>(new GitlabGroup(7, "homelab"), false));
		this.gitlab.take("GET", "/api/v4/groups/homelab");
		this.gitlab.take("POST", "/api/v4/groups");
		this.gitlab.take("GET", "/api/v4/groups/homelab");
	}

	@Test
	void projectIsLookedUpByItsEncodedFullPathAndCreatedInTheGroupsNamespace() throws Exception {
		this.gitlab.answer(404, "{\"message\":\"404 Project Not Found\"}");
		this.gitlab.answer(201, "{\"id\":12,\"path_with_namespace\":\"homelab/gitops\",\"default_branch\":null}");
		Adopted<GitlabProject> project = this.gitlab.client.projects()
			.findOrCreate(new GitlabGroup(7, "homelab"), "gitops", "gitops");
		assertThat(project).isEqualTo(new Adopted<>(new GitlabProject(12, "homelab/gitops", null), true));
		this.gitlab.take("GET", "/api/v4/projects/homelab%2Fgitops");
		JsonNode body = GitlabTestServer.body(this.gitlab.take("POST", "/api/v4/projects"));
		assertThat(body.path("namespace_id").asLong()).isEqualTo(7);
		assertThat(body.path("path").asText()).isEqualTo("gitops");
		assertThat(body.path("visibility").asText()).isEqualTo("private");
		this.gitlab.assertNoMoreRequests();
	}

	@Test
	void deletingWhatIsAlreadyGoneSucceeds() throws Exception {
		this.gitlab.answer(202, "{\"message\":\"202 Accepted\"}");
		this.gitlab.answer(404, "{\"message\":\"404 Group Not Found\"}");
		this.gitlab.client.projects().delete(12);
		this.gitlab.client.groups().delete(7);
		this.gitlab.take("DELETE", "/api/v4/projects/12");
		this.gitlab.take("DELETE", "/api/v4/groups/7");
	}

	@Test
	void runnerIsCreatedWithItsTypeTagsAndDescriptionAndItsTokenIsHiddenFromToString() throws Exception {
		this.gitlab.answer(201, "{\"id\":3,\"token\":\"glrt-runnerSECRET42\",\"token_expires_at\":null}");
		IssuedToken runner = this.gitlab.client.tokens()
			.createRunner(RunnerRequest.instance("k3s-w-1 gpu", List.of("gpu"), false));
		assertThat(runner.id()).isEqualTo(3);
		assertThat(runner.value()).isEqualTo("glrt-runnerSECRET42");
		assertThat(runner.toString()).doesNotContain("glrt-runnerSECRET42");
		JsonNode body = GitlabTestServer.body(this.gitlab.take("POST", "/api/v4/user/runners"));
		assertThat(body.path("runner_type").asText()).isEqualTo("instance_type");
		assertThat(body.path("tag_list").asText()).isEqualTo("gpu");
		assertThat(body.path("run_untagged").asBoolean(true)).isFalse();
		assertThat(body.path("description").asText()).isEqualTo("k3s-w-1 gpu");
		assertThat(body.has("group_id") || body.has("project_id")).isFalse();
	}

	@Test
	void deployTokenAsksForItsScopes() throws Exception {
		this.gitlab.answer(201, "{\"id\":4,\"name\":\"argocd\",\"username\":\"gitlab+deploy-token-4\","
				+ "\"expires_at\":null,\"token\":\"gldt-deploySECRET\"}");
		IssuedToken token = this.gitlab.client.tokens()
			.createDeployToken(12, "argocd", List.of("read_repository"), null);
		assertThat(token.username()).isEqualTo("gitlab+deploy-token-4");
		assertThat(token.toString()).doesNotContain("gldt-deploySECRET");
		JsonNode body = GitlabTestServer.body(this.gitlab.take("POST", "/api/v4/projects/12/deploy_tokens"));
		assertThat(body.path("name").asText()).isEqualTo("argocd");
		assertThat(body.path("scopes").toString()).isEqualTo("[\"read_repository\"]");
	}

	@Test
	void theEnginesTokenIsDescribedAndRotated() throws Exception {
		this.gitlab.answer(200, "{\"id\":1,\"name\":\"rollout\",\"scopes\":[\"api\",\"create_runner\"],"
				+ "\"expires_at\":\"2027-01-01\",\"active\":true}");
		this.gitlab.answer(200, "{\"id\":2,\"token\":\"glpat-NEWsecret\",\"expires_at\":\"2027-03-01\"}");
		assertThat(this.gitlab.client.tokens().self())
			.isEqualTo(new TokenInfo(1, "rollout", List.of("api", "create_runner"), "2027-01-01", true));
		IssuedToken rotated = this.gitlab.client.tokens().rotateSelf("2027-03-01");
		assertThat(rotated.value()).isEqualTo("glpat-NEWsecret");
		assertThat(rotated.expiresAt()).isEqualTo("2027-03-01");
		this.gitlab.take("GET", "/api/v4/personal_access_tokens/self");
		RecordedRequest rotate = this.gitlab.take("POST", "/api/v4/personal_access_tokens/self/rotate");
		assertThat(GitlabTestServer.body(rotate).path("expires_at").asText()).isEqualTo("2027-03-01");
	}

}
