package org.homelab.rollout.gitlab;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The pipeline and registry calls as sent (paths, bodies, header-only token, each in
 * GitLab's contract), and the registry's token flow refusing to send the engine's token
 * to a realm that is not GitLab.
 */
class GitlabCiTemplateTests {

	private GitlabTestServer gitlab;

	@BeforeEach
	void start() throws Exception {
		this.gitlab = new GitlabTestServer();
	}

	@AfterEach
	void stop() {
		this.gitlab.close();
	}

	@Test
	void pipelineAndRegistryCallsKeepToTheContract() throws Exception {
		this.gitlab.answer(201, "{\"id\":7,\"project_id\":3,\"ref\":\"main\",\"sha\":\"abc\",\"status\":\"created\"}");
		GitlabPipeline pipeline = this.gitlab.client.pipelines().create(3, "main");
		assertThat(pipeline.id()).isEqualTo(7);
		assertThat(pipeline.finished()).isFalse();
		assertThat(GitlabTestServer.body(this.gitlab.take("POST", "/api/v4/projects/3/pipeline")).toString())
			.isEqualTo("{\"ref\":\"main\"}");

		this.gitlab.answer(200, "[{\"id\":9,\"name\":\"gpu-smoke\",\"stage\":\"test\",\"status\":\"failed\","
				+ "\"tag_list\":[\"gpu\"],\"failure_reason\":\"script_failure\",\"runner\":{\"id\":1,"
				+ "\"description\":\"k3s-w-1 gpu\"},\"pipeline\":{\"id\":7,\"status\":\"running\"}},{\"id\":8,\"name\":\"build\",\"status\":\"pending\","
				+ "\"tag_list\":[],\"runner\":null}]");
		assertThat(this.gitlab.client.pipelines().jobs(3, 7)).containsExactly(
				new GitlabJob(9, "gpu-smoke", "test", "failed", java.util.List.of("gpu"), 1L, "k3s-w-1 gpu",
						"script_failure", "running"),
				new GitlabJob(8, "build", "", "pending", java.util.List.of(), null, null, null, null));
		this.gitlab.take("GET", "/api/v4/projects/3/pipelines/7/jobs?per_page=100");

		this.gitlab.answer(200, "{\"id\":7,\"project_id\":3,\"status\":\"success\"}");
		assertThat(this.gitlab.client.pipelines().get(3, 7).succeeded()).isTrue();
		this.gitlab.take("GET", "/api/v4/projects/3/pipelines/7");

		this.gitlab.answer(200, "[{\"id\":2,\"path\":\"homelab/ci-smoke\",\"location\":\"r/homelab/ci-smoke\","
				+ "\"tags\":[{\"name\":\"smoke\"}]}]");
		assertThat(this.gitlab.client.registry().repositories(3)).singleElement()
			.satisfies(r -> assertThat(r.tags()).containsExactly("smoke"));
		this.gitlab.take("GET", "/api/v4/projects/3/registry/repositories?tags=true");
		this.gitlab.answer(404, "{\"message\":\"404 Tag Not Found\"}");
		assertThat(this.gitlab.client.registry().tag(3, 2, "smoke")).isEmpty();
		this.gitlab.take("GET", "/api/v4/projects/3/registry/repositories/2/tags/smoke");
		this.gitlab.checkContract();
	}

	@Test
	void theEngineTokenGoesOnlyToGitlabsOwnJwtAuthWhateverHostTheRealmNames() throws Exception {
		String token = GitlabTestServer.TOKEN;
		HttpUrl url = this.gitlab.server.url("/").newBuilder().host("127.0.0.1").build();
		// GitLab at 127.0.0.1, the registry at localhost: the same server, another host
		// name
		GitlabOperations client = GitlabClients.create(new OkHttpClient(), url,
				url.newBuilder().host("localhost").build(), null, Duration.ofSeconds(2), () -> token);
		this.gitlab.server.enqueue(new MockResponse.Builder().code(401)
			.addHeader("WWW-Authenticate",
					"Bearer realm=\"http://localhost:" + url.port() + "/elsewhere\",service=\"container_registry\"")
			.body("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"authentication required\"}]}")
			.build());
		this.gitlab.server
			.enqueue(new MockResponse.Builder().code(403).body("{\"message\":\"403 Forbidden\"}").build());
		catchThrowableOfType(GitlabApiException.class, () -> client.registry().manifest("homelab/ci-smoke", "smoke"));
		RecordedRequest pull = this.gitlab.server.takeRequest(1, TimeUnit.SECONDS);
		assertThat(pull.getTarget()).isEqualTo("/v2/homelab/ci-smoke/manifests/smoke");
		assertThat(pull.getHeaders().get("Authorization")).isNull();
		RecordedRequest asked = this.gitlab.server.takeRequest(1, TimeUnit.SECONDS);
		assertThat(asked.getHeaders().get("Host")).as("the token request goes to GitLab's host")
			.isEqualTo("127.0.0.1:" + url.port());
		assertThat(asked.getUrl().encodedPath()).as("not the realm's path").isEqualTo("/jwt/auth");
		assertThat(asked.getHeaders().get("Authorization")).startsWith("Basic ");
		this.gitlab.assertNoMoreRequests();

		// a realm on GitLab's host gets Basic credentials; GitLab's refusal names no
		// token
		this.gitlab.server.enqueue(new MockResponse.Builder().code(401)
			.addHeader("WWW-Authenticate",
					"Bearer realm=\"" + url.resolve("/jwt/auth") + "\",service=\"container_registry\"")
			.build());
		this.gitlab.server.enqueue(new MockResponse.Builder().code(401)
			.body("{\"errors\":[{\"code\":\"UNAUTHORIZED\",\"message\":\"HTTP Basic: Access denied " + token + "\"}]}")
			.build());
		GitlabApiException denied = catchThrowableOfType(GitlabApiException.class,
				() -> client.registry().manifest("homelab/ci-smoke", "smoke"));
		assertThat(denied.status()).isEqualTo(401);
		assertThat(denied.getMessage()).contains("rotate").doesNotContain(token);
		this.gitlab.server.takeRequest(1, TimeUnit.SECONDS);
		RecordedRequest auth = this.gitlab.server.takeRequest(1, TimeUnit.SECONDS);
		assertThat(auth.getUrl().encodedPath()).isEqualTo("/jwt/auth");
		assertThat(auth.getUrl().queryParameter("service")).isEqualTo("container_registry");
		assertThat(auth.getUrl().queryParameter("scope")).isEqualTo("repository:homelab/ci-smoke:pull");
		assertThat(auth.getHeaders().get("Authorization")).startsWith("Basic ");
		assertThat(auth.getTarget()).doesNotContain(token);
	}

}
