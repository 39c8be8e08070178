package org.homelab.rollout.rehearsal.gitlab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.homelab.rollout.rehearsal.Contracts;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.LabSettings;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lab's CI/CD and container registry with the shipped {@code deploy/gitlab/ci-smoke}
 * project: jobs go to online runners whose tags cover theirs and run on the runner's
 * node, a GPU job fails on a node without a GPU, a job no runner can take stays pending,
 * the build job's push lands in the registry, which answers through GitLab's token flow;
 * every API v4 request keeps to the contract.
 */
class PipelineLabTests {

	static final String GITLAB_RB = """
			external_url 'http://gitlab.homelab.lan'
			registry_external_url 'https://registry.homelab.lan'
			registry_nginx['listen_port'] = 5050
			registry_nginx['listen_https'] = false
			prometheus_monitoring['enable'] = false
			""";

	static final String REGISTRY = "http://" + Omnibus.ADDRESS + ":5050";

	@TempDir
	static Path dir;

	private static RehearsalLab lab;

	private static GitlabVm vm;

	private static GitlabLab gitlab;

	private static String api;

	private static int namespace;

	private static int gpuRunner;

	private static int generalRunner;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	@BeforeAll
	static void gitlabWithRunners() throws IOException {
		lab = new RehearsalLab(
				new LabSettings(0.01, 42, List.of(), 0, 0, 0, dir, Contracts.locate(), Map.of("gitlab.boot", 10.0)))
			.start();
		lab.proxmox().seedRunningVm(Omnibus.VMID, "gitlab-ce", Omnibus.ADDRESS);
		vm = new GitlabVm(lab, Omnibus.VMID, Omnibus.ADDRESS);
		Omnibus.install(vm, GITLAB_RB);
		gitlab = lab.gitlab().lab(Omnibus.VMID).orElseThrow();
		await().atMost(Duration.ofSeconds(20)).until(gitlab::ready);
		api = Omnibus.token(vm, "homelab-rollout", ":api", "30.days.from_now");
		namespace = vm.call("POST", "/api/v4/groups", api, "{\"name\":\"homelab\",\"path\":\"homelab\"}")
			.json()
			.path("id")
			.asInt();
		gpuRunner = runner("k3s-w-1 gpu", "gpu");
		generalRunner = runner("k3s-w-2 general", "general");
		Map<String, String> ciSmoke = new java.util.TreeMap<>();
		Path seed = Path.of("deploy/gitlab/ci-smoke");
		try (var files = Files.walk(seed)) {
			for (Path file : files.filter(Files::isRegularFile).toList()) {
				ciSmoke.put(seed.relativize(file).toString(), Files.readString(file));
			}
		}
		project("ci-smoke", ciSmoke);
	}

	@AfterAll
	static void stop() {
		lab.close();
	}

	@Test
	void ciSmokeRunsGpuOnTheGpuNodeGeneralOnTheOtherAndPushesItsImage() throws Exception {
		gitlab.runnerOn(gpuRunner, "k3s-w-1");
		gitlab.runnerOn(generalRunner, "k3s-w-2");
		GitlabVm.Http created = vm.call("POST", "/api/v4/projects/homelab%2Fci-smoke/pipeline", api,
				"{\"ref\":\"main\"}");
		assertThat(created.status()).as(created.text()).isEqualTo(201);
		assertThat(created.json().path("status").asText()).isEqualTo("created");
		int id = created.json().path("id").asInt();
		String sha = created.json().path("sha").asText();

		List<String> seen = new ArrayList<>();
		await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(20)).until(() -> {
			String status = vm.call("GET", "/api/v4/projects/homelab%2Fci-smoke/pipelines/" + id, api, null)
				.json()
				.path("status")
				.asText();
			if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(status)) {
				seen.add(status);
			}
			return status.equals("success") || status.equals("failed");
		});
		// the runners are online: a job is pending only until the next look (the pending
		// state itself is seen in aJobNoOnlineRunnerCanTakeStaysPending)
		assertThat(seen).as("the status machine").contains("running", "success");
		assertThat(List.of("created", "pending", "running", "success")).containsSubsequence(seen);

		JsonNode jobs = vm.call("GET", "/api/v4/projects/homelab%2Fci-smoke/pipelines/" + id + "/jobs", api, null)
			.json();
		assertThat(jobs).extracting(j -> j.path("status").asText()).containsExactly("success", "success", "success");
		assertThat(job(jobs, "gpu-smoke").path("runner").path("id").asInt()).isEqualTo(gpuRunner);
		assertThat(job(jobs, "general-smoke").path("runner").path("id").asInt()).isEqualTo(generalRunner);
		assertThat(job(jobs, "build-image").path("runner").path("id").asInt()).isEqualTo(generalRunner);
		assertThat(job(jobs, "gpu-smoke").path("started_at").asText()).as("the test stage starts after the build stage")
			.isGreaterThanOrEqualTo(job(jobs, "build-image").path("finished_at").asText());
		assertThat(gitlab.jobs("homelab/ci-smoke")).filteredOn(j -> j.pipelineId() == id)
			.extracting(GitlabLab.JobView::name, GitlabLab.JobView::node)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("build-image", "k3s-w-2"),
					org.assertj.core.groups.Tuple.tuple("gpu-smoke", "k3s-w-1"),
					org.assertj.core.groups.Tuple.tuple("general-smoke", "k3s-w-2"));
		assertThat(gitlab.jobs("homelab/ci-smoke")).filteredOn(j -> j.name().equals("gpu-smoke"))
			.allSatisfy(j -> assertThat(j.trace()).contains("NVIDIA-SMI", "ran on k3s-w-1 gpu"));

		JsonNode repositories = vm
			.call("GET", "/api/v4/projects/homelab%2Fci-smoke/registry/repositories?tags=true&tags_count=true", api,
					null)
			.json();
		assertThat(repositories).hasSize(1);
		JsonNode repository = repositories.get(0);
		assertThat(repository.path("path").asText()).isEqualTo("homelab/ci-smoke");
		assertThat(repository.path("location").asText()).isEqualTo("registry.homelab.lan/homelab/ci-smoke");
		assertThat(repository.path("tags").findValuesAsText("name")).containsExactlyInAnyOrder(sha.substring(0, 8),
				"smoke");
		int repositoryId = repository.path("id").asInt();
		JsonNode tag = vm
			.call("GET", "/api/v4/projects/homelab%2Fci-smoke/registry/repositories/" + repositoryId + "/tags/smoke",
					api, null)
			.json();
		String digest = tag.path("digest").asText();
		assertThat(digest).startsWith("sha256:");
		assertThat(tag.path("total_size").asLong()).isPositive();

		// the registry's token flow, as docker pull does it
		HttpResponse<String> challenge = get(REGISTRY + "/v2/", null);
		assertThat(challenge.statusCode()).isEqualTo(401);
		assertThat(challenge.headers().firstValue("WWW-Authenticate"))
			.hasValue("Bearer realm=\"http://gitlab.homelab.lan/jwt/auth\",service=\"container_registry\"");
		HttpResponse<String> anonymous = get(REGISTRY + "/v2/homelab/ci-smoke/manifests/smoke", null);
		assertThat(anonymous.statusCode()).isEqualTo(401);
		assertThat(anonymous.headers().firstValue("WWW-Authenticate").orElseThrow())
			.contains("scope=\"repository:homelab/ci-smoke:pull\"");
		String token = registryToken("homelab/ci-smoke", api);
		assertThat(get(REGISTRY + "/v2/", "Bearer " + token).statusCode()).isEqualTo(200);
		HttpResponse<String> manifest = get(REGISTRY + "/v2/homelab/ci-smoke/manifests/smoke", "Bearer " + token);
		assertThat(manifest.statusCode()).isEqualTo(200);
		assertThat(manifest.headers().firstValue("Docker-Content-Digest")).hasValue(digest);
		assertThat(GitlabVm.JSON.readTree(manifest.body()).path("schemaVersion").asInt()).isEqualTo(2);
		assertThat(get(REGISTRY + "/v2/homelab/ci-smoke/manifests/nope", "Bearer " + token).statusCode())
			.isEqualTo(404);
		assertThat(get(REGISTRY + "/v2/homelab/other/manifests/smoke", "Bearer " + token).statusCode())
			.as("the token is for ci-smoke only")
			.isEqualTo(401);

		assertThat(lab.journal().violations()).as("every API v4 request keeps to the contract").isEmpty();
		assertThat(lab.journal().entries("gitlab")).filteredOn(e -> e.path().contains("pipeline"))
			.extracting(RequestJournal.Entry::verdict)
			.containsOnly(gitlab.schema.loaded() ? "ok" : "unchecked");
	}

	@Test
	void aGpuJobFailsOnANodeWithoutAGpu() {
		int misplaced = runner("k3s-w-2 cuda", "cuda");
		gitlab.runnerOn(misplaced, "k3s-w-2");
		project("cuda-misplaced", Map.of(".gitlab-ci.yml", """
				cuda:
				  tags: [cuda]
				  image: nvidia/cuda:12.4.1-base-ubuntu22.04
				  script:
				    - nvidia-smi
				"""));
		int id = vm.call("POST", "/api/v4/projects/homelab%2Fcuda-misplaced/pipeline", api, "{\"ref\":\"main\"}")
			.json()
			.path("id")
			.asInt();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> vm.call("GET", "/api/v4/projects/homelab%2Fcuda-misplaced/pipelines/" + id, api, null)
				.json()
				.path("status")
				.asText()
				.equals("failed"));
		JsonNode job = vm.call("GET", "/api/v4/projects/homelab%2Fcuda-misplaced/pipelines/" + id + "/jobs", api, null)
			.json()
			.get(0);
		assertThat(job.path("status").asText()).isEqualTo("failed");
		assertThat(job.path("failure_reason").asText()).isEqualTo("script_failure");
		assertThat(job.path("runner").path("id").asInt()).isEqualTo(misplaced);
		// the commit started a pipeline of its own, as a push does: this one's job
		assertThat(gitlab.jobs("homelab/cuda-misplaced")).filteredOn(j -> j.pipelineId() == id)
			.singleElement()
			.satisfies(j -> {
				assertThat(j.node()).isEqualTo("k3s-w-2");
				assertThat(j.trace()).contains("nvidia-smi: not found", "node k3s-w-2 has none");
			});
	}

	@Test
	void aJobWhoseImageTheRegistryLacksCannotStart() {
		gitlab.runnerOn(generalRunner, "k3s-w-2");
		project("never-built", Map.of(".gitlab-ci.yml", """
				run:
				  tags: [general]
				  image: $CI_REGISTRY_IMAGE:$CI_COMMIT_SHORT_SHA
				  script: [cat /etc/ci-smoke]
				"""));
		int id = vm.call("POST", "/api/v4/projects/homelab%2Fnever-built/pipeline", api, "{\"ref\":\"main\"}")
			.json()
			.path("id")
			.asInt();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> vm.call("GET", "/api/v4/projects/homelab%2Fnever-built/pipelines/" + id, api, null)
				.json()
				.path("status")
				.asText()
				.equals("failed"));
		JsonNode job = vm.call("GET", "/api/v4/projects/homelab%2Fnever-built/pipelines/" + id + "/jobs", api, null)
			.json()
			.get(0);
		assertThat(job.path("failure_reason").asText()).isEqualTo("runner_system_failure");
		assertThat(gitlab.jobs("homelab/never-built")).filteredOn(j -> j.pipelineId() == id)
			.singleElement()
			.satisfies(j -> assertThat(j.trace()).contains("registry.homelab.lan/homelab/never-built:"));
	}

	@Test
	void faultsFailAJobsPodAndMakeTheRegistryUnavailable() {
		gitlab.runnerOn(generalRunner, "k3s-w-2");
		project("evicted", Map.of(".gitlab-ci.yml", """
				run:
				  tags: [general]
				  script: [echo hello]
				"""));
		lab.faults().arm(FaultInjector.Rule.nth("gitlab", "job", FaultInjector.Kind.TASK_ERROR, 1));
		int id = vm.call("POST", "/api/v4/projects/homelab%2Fevicted/pipeline", api, "{\"ref\":\"main\"}")
			.json()
			.path("id")
			.asInt();
		await().atMost(Duration.ofSeconds(10))
			.until(() -> vm.call("GET", "/api/v4/projects/homelab%2Fevicted/pipelines/" + id, api, null)
				.json()
				.path("status")
				.asText()
				.equals("failed"));
		assertThat(vm.call("GET", "/api/v4/projects/homelab%2Fevicted/pipelines/" + id + "/jobs", api, null)
			.json()
			.path(0)
			.path("failure_reason")
			.asText()).isEqualTo("runner_system_failure");

		lab.faults().arm(FaultInjector.Rule.nth("registry", "api", FaultInjector.Kind.HTTP_503, 1));
		assertThat(get(REGISTRY + "/v2/", null).statusCode()).isEqualTo(503);
		assertThat(get(REGISTRY + "/v2/", null).statusCode()).as("once").isEqualTo(401);
	}

	@Test
	void aJobNoOnlineRunnerCanTakeStaysPending() throws InterruptedException {
		int offline = runner("k3s-w-2 arm64", "arm64");
		project("arm-only", Map.of(".gitlab-ci.yml", """
				stages: [build, test]
				compile:
				  stage: build
				  tags: [arm64]
				  script: [make]
				check:
				  script: [make check]
				"""));
		GitlabVm.Http created = vm.call("POST", "/api/v4/projects/homelab%2Farm-only/pipeline", api,
				"{\"ref\":\"main\"}");
		int id = created.json().path("id").asInt();
		Thread.sleep(500);
		assertThat(vm.call("GET", "/api/v4/projects/homelab%2Farm-only/pipelines/" + id, api, null)
			.json()
			.path("status")
			.asText()).isEqualTo("pending");
		JsonNode jobs = vm.call("GET", "/api/v4/projects/homelab%2Farm-only/pipelines/" + id + "/jobs", api, null)
			.json();
		assertThat(job(jobs, "compile").path("status").asText()).isEqualTo("pending");
		assertThat(job(jobs, "compile").path("runner").isNull()).isTrue();
		assertThat(job(jobs, "check").path("status").asText()).as("a later stage waits").isEqualTo("created");

		gitlab.runnerOn(offline, "k3s-w-2");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> job(
					vm.call("GET", "/api/v4/projects/homelab%2Farm-only/pipelines/" + id + "/jobs", api, null).json(),
					"compile")
				.path("status")
				.asText()
				.equals("success"));
		gitlab.runnerOn(offline, null);
	}

	@Test
	void gitlabRefusesWhatItCannotRunAndTheTokenFlowChecksCredentials() throws Exception {
		project("no-ci", Map.of("README.md", "# nothing to run\n"));
		GitlabVm.Http missing = vm.call("POST", "/api/v4/projects/homelab%2Fno-ci/pipeline", api, "{\"ref\":\"main\"}");
		assertThat(missing.status()).isEqualTo(400);
		assertThat(missing.json().path("message").path("base").path(0).asText()).isEqualTo("Missing CI config file");
		GitlabVm.Http noRef = vm.call("POST", "/api/v4/projects/homelab%2Fno-ci/pipeline", api, "{\"ref\":\"nope\"}");
		assertThat(noRef.json().path("message").path("base").path(0).asText()).isEqualTo("Reference not found");

		String basic = Base64.getEncoder().encodeToString("root:glpat-wrong".getBytes(StandardCharsets.UTF_8));
		assertThat(get(
				"http://" + Omnibus.ADDRESS
						+ "/jwt/auth?service=container_registry&scope=repository:homelab/ci-smoke:pull",
				"Basic " + basic)
			.statusCode()).isEqualTo(401);
		String reader = Omnibus.token(vm, "reader", ":read_api", "1.days.from_now");
		String weak = registryToken("homelab/ci-smoke", reader);
		HttpResponse<String> refused = get(REGISTRY + "/v2/homelab/ci-smoke/manifests/smoke", "Bearer " + weak);
		assertThat(refused.statusCode()).as("read_api does not reach the registry").isEqualTo(401);
		assertThat(refused.headers().firstValue("WWW-Authenticate").orElseThrow())
			.contains("error=\"insufficient_scope\"");
	}

	private String registryToken(String path, String pat) throws IOException {
		String basic = Base64.getEncoder().encodeToString(("root:" + pat).getBytes(StandardCharsets.UTF_8));
		HttpResponse<String> answer = get(
				"http://" + Omnibus.ADDRESS + "/jwt/auth?service=container_registry&scope=repository:" + path + ":pull",
				"Basic " + basic);
		assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
		assertThat(answer.body()).doesNotContain(pat);
		return GitlabVm.JSON.readTree(answer.body()).path("token").asText();
	}

	private HttpResponse<String> get(String url, String authorization) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		try {
			return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	private static JsonNode job(JsonNode jobs, String name) {
		for (JsonNode job : jobs) {
			if (job.path("name").asText().equals(name)) {
				return job;
			}
		}
		throw new AssertionError("no job " + name + " in " + jobs);
	}

	private static int runner(String description, String tag) {
		GitlabVm.Http runner = vm.call("POST", "/api/v4/user/runners", api, "{\"runner_type\":\"instance_type\","
				+ "\"description\":\"" + description + "\",\"tag_list\":[\"" + tag + "\"]}");
		assertThat(runner.status()).isEqualTo(201);
		return runner.json().path("id").asInt();
	}

	private static void project(String path, Map<String, String> files) {
		GitlabVm.Http project = vm.call("POST", "/api/v4/projects", api,
				"{\"name\":\"" + path + "\",\"path\":\"" + path + "\",\"namespace_id\":" + namespace + "}");
		assertThat(project.status()).as(project.text()).isEqualTo(201);
		ArrayNode actions = GitlabVm.JSON.createArrayNode();
		files.forEach((name,
				content) -> actions.addObject().put("action", "create").put("file_path", name).put("content", content));
		ObjectNode commit = GitlabVm.JSON.createObjectNode()
			.put("branch", "main")
			.put("commit_message", "Seed " + path);
		commit.set("actions", actions);
		assertThat(vm
			.call("POST", "/api/v4/projects/" + project.json().path("id").asInt() + "/repository/commits", api,
					commit.toString())
			.status()).isEqualTo(201);
	}

}
