package org.homelab.rollout.gitlab.steps;

import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.camunda.bpm.engine.ProcessEngine;
import org.homelab.rollout.gitlab.GitlabClients;
import org.homelab.rollout.gitlab.GitlabGroup;
import org.homelab.rollout.gitlab.GitlabOperations;
import org.homelab.rollout.gitlab.GitlabProject;
import org.homelab.rollout.gitlab.RunnerRequest;
import org.homelab.rollout.gitlab.SeedFiles;
import org.homelab.rollout.rehearsal.LabGuest;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.rehearsal.gitlab.GitlabLab;
import org.homelab.rollout.support.ProcessRuns;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * ci-smoke-check on the engine against the embedded lab's GitLab, installed on the
 * gitlab-ce VM as Omnibus is, with homelab/ci-smoke seeded from deploy/gitlab/ci-smoke
 * and two runners whose pods the test puts on their nodes (what the lab's K3s reports
 * when their releases are ready): with both online every criterion is met and a second
 * pass adopts the pipeline; with the GPU runner offline the gpu job stays pending, and
 * after the model's patience the criteria say so instead of failing. The client is the
 * production one, with a personal access token made on the VM.
 */
@SpringBootTest(properties = { "rollout.waits.initial-backoff=50ms", "rollout.waits.max-backoff=200ms",
		"rollout.waits.retries=1", "rollout.waits.retry-backoff=100ms" })
@ActiveProfiles({ "rehearsal", "test" })
class CiSmokeCheckIntegrationTests {

	private static final int VMID = 123;

	private static final String ADDRESS = "127.0.10.23";

	private static final String GITLAB_RB = """
			external_url 'http://gitlab.homelab.lan'
			registry_external_url 'https://registry.homelab.lan'
			registry_nginx['listen_port'] = 5050
			registry_nginx['listen_https'] = false
			prometheus_monitoring['enable'] = false
			""";

	/** The engine's GitLab token: made on the VM, held here as Vault would. */
	private static final AtomicReference<String> TOKEN = new AtomicReference<>();

	@TestConfiguration
	static class LabGitlab {

		/** GitLab and its registry by the homelab's names, which lead to the VM. */
		@Bean
		@Primary
		GitlabOperations labGitlabOperations() {
			OkHttpClient http = new OkHttpClient.Builder().dns(host -> switch (host) {
				case "gitlab.homelab.lan", "registry.homelab.lan" -> List.of(InetAddress.getByName(ADDRESS));
				default -> Dns.SYSTEM.lookup(host);
			}).build();
			return GitlabClients.create(http, HttpUrl.get("http://gitlab.homelab.lan"),
					HttpUrl.get("http://registry.homelab.lan:5050"), null, Duration.ofSeconds(5), TOKEN::get);
		}

	}

	@Autowired
	ProcessEngine engine;

	@Autowired
	RehearsalLab lab;

	@Autowired
	GitlabOperations gitlab;

	private ProcessRuns runs;

	private GitlabLab gitlabLab;

	private long gpuRunner;

	private long generalRunner;

	@BeforeEach
	void gitlabWithCiSmoke() {
		this.runs = new ProcessRuns(this.engine).within(Duration.ofSeconds(60)).failingOnJobExceptions();
		if (this.lab.gitlab().lab(VMID).isEmpty()) {
			install();
		}
		this.gitlabLab = this.lab.gitlab().lab(VMID).orElseThrow();
		await().atMost(Duration.ofSeconds(60)).until(this.gitlabLab::ready);
		if (TOKEN.get() == null) {
			LabGuest.Exec token = new LabGuest(this.lab, VMID).exec("gitlab-rails", "runner",
					"user = User.find_by_username('root'); token = user.personal_access_tokens.create!("
							+ "name: 'homelab-rollout', scopes: [:api], expires_at: 30.days.from_now); puts token.token");
			assertThat(token.exitCode()).as(token.err()).isZero();
			TOKEN.set(token.out().strip());
		}
		GitlabGroup group = this.gitlab.groups().findOrCreate("homelab", "homelab").value();
		GitlabProject project = this.gitlab.projects().findOrCreate(group, "ci-smoke", "ci-smoke").value();
		this.gitlab.repository()
			.seed(project.id(), "main", SeedFiles.read(Path.of("deploy/gitlab/ci-smoke")), "Seed ci-smoke");
		this.gpuRunner = runner("k3s-w-1 gpu", "gpu");
		this.generalRunner = runner("k3s-w-2 general", "general");
		this.lab.journal().clear();
	}

	@AfterEach
	void runnersOffAndNoContractViolations() {
		this.gitlabLab.runnerOn((int) this.gpuRunner, null);
		this.gitlabLab.runnerOn((int) this.generalRunner, null);
		assertThat(this.lab.journal().violations()).as("requests within GitLab's contract").isEmpty();
	}

	@Test
	void bothRunnersOnlineMeetEveryCriterionAndASecondPassAdoptsThePipeline() {
		this.gitlabLab.runnerOn((int) this.gpuRunner, "k3s-w-1");
		this.gitlabLab.runnerOn((int) this.generalRunner, "k3s-w-2");
		Map<String, Object> in = new HashMap<>();
		in.put(CiSmokeVariables.GPU_RUNNER_ID, this.gpuRunner);
		in.put(CiSmokeVariables.GENERAL_RUNNER_ID, this.generalRunner);

		ProcessRuns.Run run = this.runs.run("ci-smoke-check", "ci-smoke-1", in);

		Map<String, Object> out = run.variables();
		assertThat(out.get("pipelinesRunningMet")).as(out.get("pipelinesRunningResult").toString()).isEqualTo(true);
		assertThat(out.get("runnersExecutingMet")).as(out.get("runnersExecutingResult").toString()).isEqualTo(true);
		assertThat(out.get("registryOperationalMet")).as(out.get("registryOperationalResult").toString())
			.isEqualTo(true);
		assertThat(out.get(CiSmokeVariables.PIPELINE_STATUS)).isEqualTo("success");
		assertThat(out.get("runnersExecutingResult").toString()).contains(
				"gpu-smoke success on runner #" + this.gpuRunner + " 'k3s-w-1 gpu'",
				"general-smoke success on runner #" + this.generalRunner);
		assertThat(out.get("registryOperationalResult").toString())
			.contains("registry.homelab.lan/homelab/ci-smoke:smoke", "manifest pulled");
		long pipeline = ((Number) out.get(CiSmokeVariables.PIPELINE_ID)).longValue();
		assertThat(this.gitlabLab.jobs("homelab/ci-smoke")).filteredOn(j -> j.pipelineId() == pipeline)
			.extracting(GitlabLab.JobView::name, GitlabLab.JobView::node)
			.contains(org.assertj.core.groups.Tuple.tuple("gpu-smoke", "k3s-w-1"),
					org.assertj.core.groups.Tuple.tuple("general-smoke", "k3s-w-2"));
		assertThat(out).doesNotContainValue(TOKEN.get());

		long pipelines = pipelines();
		in.put(CiSmokeVariables.PIPELINE_ID, pipeline);
		ProcessRuns.Run again = this.runs.run("ci-smoke-check", "ci-smoke-2", in);
		assertThat(again.variables().get(CiSmokeVariables.PIPELINE_ID)).isEqualTo(pipeline);
		assertThat(pipelines()).as("the pipeline this run started is adopted, none started").isEqualTo(pipelines);
		assertThat(again.variables().get("pipelinesRunningMet")).isEqualTo(true);
	}

	@Test
	void withoutAnOnlineGpuRunnerTheGpuJobWaitsAndTheCriteriaSaySo() {
		this.gitlabLab.runnerOn((int) this.generalRunner, "k3s-w-2");
		Map<String, Object> in = new HashMap<>();
		in.put(CiSmokeVariables.TIMEOUT, "PT4S");

		ProcessRuns.Run run = this.runs.run("ci-smoke-check", "ci-smoke-3", in);

		Map<String, Object> out = run.variables();
		assertThat(out.get("pipelinesRunningMet")).isEqualTo(false);
		assertThat(out.get("pipelinesRunningResult").toString()).contains("running");
		assertThat(out.get("runnersExecutingMet")).isEqualTo(false);
		assertThat(out.get("runnersExecutingResult").toString()).contains("gpu-smoke pending (no runner took it)");
		assertThat(out.get("registryOperationalMet")).as("the build job ran on the general runner").isEqualTo(true);
		assertThat(this.runs.passed(run.id(), "pipeline-patience")).isTrue();
	}

	private long pipelines() {
		return this.gitlabLab.jobs("homelab/ci-smoke").stream().map(GitlabLab.JobView::pipelineId).distinct().count();
	}

	private long runner(String description, String tag) {
		return this.gitlabLab.runners()
			.stream()
			.filter(r -> r.description().equals(description))
			.findFirst()
			.map(r -> (long) r.id())
			.orElseGet(() -> this.gitlab.tokens()
				.createRunner(RunnerRequest.instance(description, List.of(tag), false))
				.id());
	}

	private void install() {
		this.lab.proxmox().seedRunningVm(VMID, "gitlab-ce", ADDRESS);
		LabGuest vm = new LabGuest(this.lab, VMID);
		String keyring = "/usr/share/keyrings/gitlab_gitlab-ce-archive-keyring.gpg";
		assertThat(vm.sh("curl -fsSL https://packages.gitlab.com/gitlab/gitlab-ce/gpgkey | gpg --dearmor -o " + keyring)
			.exitCode()).isZero();
		vm.write("/etc/apt/sources.list.d/gitlab_gitlab-ce.list",
				"deb [signed-by=" + keyring + "] https://packages.gitlab.com/gitlab/gitlab-ce/debian/ bookworm main\n");
		assertThat(vm.exec("apt-get", "install", "-y", "gitlab-ce").exitCode()).isZero();
		vm.write("/etc/gitlab/gitlab.rb", GITLAB_RB);
		LabGuest.Exec reconfigure = vm.exec("gitlab-ctl", "reconfigure");
		assertThat(reconfigure.exitCode()).as(reconfigure.err()).isZero();
	}

}
