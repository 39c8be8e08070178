package org.homelab.rollout.gitlab;

import java.io.IOException;
import java.util.Optional;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * runners(): GitLab has no search by description, so every page of instance runners is
 * read and compared; a runner's details carry GitLab's status and last contact; a runner
 * gone is deleted already. Each call is one GitLab's OpenAPI declares.
 */
class GitlabRunnerTemplateTests {

	private GitlabTestServer gitlab;

	@BeforeEach
	void start() throws IOException {
		this.gitlab = new GitlabTestServer();
	}

	@AfterEach
	void stop() {
		this.gitlab.close();
	}

	@Test
	void findReadsEveryPageOfInstanceRunnersAndComparesTheDescription() throws Exception {
		StringBuilder full = new StringBuilder("[");
		for (int i = 1; i <= 100; i++) {
			full.append((i > 1) ? "," : "")
				.append("{\"id\":")
				.append(i)
				.append(",\"description\":\"other-")
				.append(i)
				.append("\",\"runner_type\":\"instance_type\",\"status\":\"online\",\"online\":true}");
		}
		this.gitlab.answer(200, full.append("]").toString());
		this.gitlab.answer(200,
				"[{\"id\":104,\"description\":\"gitlab-runner-gpu\",\"runner_type\":\"instance_type\","
						+ "\"status\":\"offline\",\"online\":false},{\"id\":101,\"description\":\"gitlab-runner-gpu\","
						+ "\"runner_type\":\"instance_type\",\"status\":\"stale\",\"online\":false}]");

		Optional<GitlabRunner> found = this.gitlab.client.runners().findInstanceRunner("gitlab-runner-gpu");

		assertThat(found).hasValueSatisfying(runner -> {
			assertThat(runner.id()).as("the oldest of two alike").isEqualTo(101);
			assertThat(runner.status()).isEqualTo("stale");
		});
		this.gitlab.take("GET", "/api/v4/runners/all?type=instance_type&per_page=100&page=1");
		this.gitlab.take("GET", "/api/v4/runners/all?type=instance_type&per_page=100&page=2");
		this.gitlab.assertNoMoreRequests();
		this.gitlab.checkContract();
	}

	@Test
	void getAnswersStatusContactAndTagsAndFindIsEmptyOn404() throws Exception {
		this.gitlab.answer(200,
				"{\"id\":7,\"description\":\"gitlab-runner-general\",\"runner_type\":\"instance_type\",\"active\":true,"
						+ "\"paused\":false,\"online\":true,\"status\":\"online\",\"contacted_at\":"
						+ "\"2026-12-06T18:00:00.000Z\",\"tag_list\":[\"general\"]}");
		this.gitlab.answer(404, "{\"message\":\"404 Not found\"}");
		this.gitlab.answer(404, "{\"message\":\"404 Not found\"}");

		GitlabRunner runner = this.gitlab.client.runners().get(7);

		assertThat(runner.online()).isTrue();
		assertThat(runner.status()).isEqualTo(GitlabRunner.ONLINE);
		assertThat(runner.contactedAt()).isEqualTo("2026-12-06T18:00:00.000Z");
		assertThat(runner.tags()).containsExactly("general");
		assertThat(this.gitlab.client.runners().find(8)).isEmpty();
		assertThatThrownBy(() -> this.gitlab.client.runners().get(9)).isInstanceOf(GitlabApiException.class)
			.satisfies(ex -> assertThat(((GitlabApiException) ex).notFound()).isTrue());
		this.gitlab.take("GET", "/api/v4/runners/7");
		this.gitlab.take("GET", "/api/v4/runners/8");
		this.gitlab.take("GET", "/api/v4/runners/9");
		this.gitlab.checkContract();
	}

	@Test
	void createSendsLockedAndTheMaintenanceNoteAndHidesTheToken() throws Exception {
		this.gitlab.answer(201, "{\"id\":12,\"token\":\"glrt-runnerSECRET12\",\"token_expires_at\":null}");

		IssuedToken issued = this.gitlab.client.runners()
			.create(RunnerRequest.instance("gitlab-runner-gpu", java.util.List.of("gpu", "cuda"), false), true,
					"created by homelab-rollout run p2");

		assertThat(issued.id()).isEqualTo(12);
		assertThat(issued.value()).isEqualTo("glrt-runnerSECRET12");
		assertThat(issued.toString()).doesNotContain("glrt-runnerSECRET12");
		com.fasterxml.jackson.databind.JsonNode body = GitlabTestServer
			.body(this.gitlab.take("POST", "/api/v4/user/runners"));
		assertThat(body.path("runner_type").asText()).isEqualTo("instance_type");
		assertThat(body.path("tag_list").asText()).isEqualTo("gpu,cuda");
		assertThat(body.path("run_untagged").asBoolean(true)).isFalse();
		assertThat(body.path("locked").asBoolean()).isTrue();
		assertThat(body.path("maintenance_note").asText()).isEqualTo("created by homelab-rollout run p2");
		this.gitlab.checkContract();
	}

	@Test
	void deleteSucceedsWhenTheRunnerIsGoneAndFailsOnOtherErrors() throws Exception {
		this.gitlab.answer(204, "");
		this.gitlab.answer(404, "{\"message\":\"404 Runner Not Found\"}");
		this.gitlab.answer(403, "{\"message\":\"403 Forbidden\"}");

		this.gitlab.client.runners().delete(3);
		this.gitlab.client.runners().delete(3);

		assertThatThrownBy(() -> this.gitlab.client.runners().delete(4)).isInstanceOf(GitlabApiException.class);
		this.gitlab.take("DELETE", "/api/v4/runners/3");
		this.gitlab.take("DELETE", "/api/v4/runners/3");
		this.gitlab.take("DELETE", "/api/v4/runners/4");
		this.gitlab.checkContract();
	}

}
