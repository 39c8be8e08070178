package org.homelab.rollout.rehearsal.gitlab;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import okhttp3.Dns;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.homelab.rollout.gitlab.CommitAction;
import org.homelab.rollout.gitlab.GitlabApiException;
import org.homelab.rollout.gitlab.GitlabClients;
import org.homelab.rollout.gitlab.GitlabJob;
import org.homelab.rollout.gitlab.GitlabOperations;
import org.homelab.rollout.gitlab.GitlabPipeline;
import org.homelab.rollout.gitlab.GitlabProject;
import org.homelab.rollout.gitlab.GitlabRegistryRepository;
import org.homelab.rollout.gitlab.GitlabRegistryTag;
import org.homelab.rollout.gitlab.RegistryManifest;
import org.homelab.rollout.gitlab.SeedFiles;
import org.homelab.rollout.rehearsal.Contracts;
import org.homelab.rollout.rehearsal.LabSettings;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

/**
 * The GitLab client's pipelines and registry against the lab's GitLab, reached by the
 * names a homelab gives them ({@code gitlab.homelab.lan}, {@code registry.homelab.lan},
 * resolved to the VM): a pipeline of the shipped ci-smoke project started, followed and
 * its jobs read; the pushed tag listed and described through API v4 and its manifest
 * pulled through the registry's token flow; every API v4 request within the contract.
 */
class GitlabCiClientLabTests {

	@TempDir
	static Path dir;

	private static RehearsalLab lab;

	private static GitlabLab gitlab;

	private static GitlabOperations client;

	private static GitlabProject project;

	private static int gpuRunner;

	private static int generalRunner;

	@BeforeAll
	static void gitlab() {
		lab = new RehearsalLab(
				new LabSettings(0.01, 42, List.of(), 0, 0, 0, dir, Contracts.locate(), Map.of("gitlab.boot", 10.0)))
			.start();
		lab.proxmox().seedRunningVm(Omnibus.VMID, "gitlab-ce", Omnibus.ADDRESS);
		GitlabVm vm = new GitlabVm(lab, Omnibus.VMID, Omnibus.ADDRESS);
		Omnibus.install(vm, PipelineLabTests.GITLAB_RB);
		gitlab = lab.gitlab().lab(Omnibus.VMID).orElseThrow();
		await().atMost(Duration.ofSeconds(20)).until(gitlab::ready);
		String token = Omnibus.token(vm, "homelab-rollout", ":api", "30.days.from_now");
		OkHttpClient shared = new OkHttpClient.Builder().dns(GitlabCiClientLabTests::homelabDns).build();
		client = GitlabClients.create(shared, HttpUrl.get("http://gitlab.homelab.lan"),
				HttpUrl.get("http://registry.homelab.lan:5050"), null, Duration.ofSeconds(5), () -> token);
		project = client.projects()
			.findOrCreate(client.groups().findOrCreate("homelab", "homelab").value(), "ci-smoke", "ci-smoke")
			.value();
		client.repository()
			.seed(project.id(), "main", SeedFiles.read(Path.of("deploy/gitlab/ci-smoke")), "Seed ci-smoke");
		gpuRunner = runner(vm, token, "k3s-w-1 gpu", "gpu");
		generalRunner = runner(vm, token, "k3s-w-2 general", "general");
	}

	@AfterAll
	static void stop() {
		lab.close();
	}

	@Test
	void aPipelineIsStartedFollowedAndItsImagePulled() {
		gitlab.runnerOn(gpuRunner, "k3s-w-1");
		gitlab.runnerOn(generalRunner, "k3s-w-2");
		GitlabPipeline started = client.pipelines().create(project.id(), "main");
		assertThat(started.finished()).isFalse();
		assertThat(started.ref()).isEqualTo("main");
		await().atMost(Duration.ofSeconds(20))
			.until(() -> client.pipelines().get(project.id(), started.id()).finished());
		GitlabPipeline done = client.pipelines().get(project.id(), started.id());
		assertThat(done.status()).isEqualTo("success");
		assertThat(done.sha()).isEqualTo(started.sha());

		List<GitlabJob> jobs = client.pipelines().jobs(project.id(), started.id());
		assertThat(jobs).extracting(GitlabJob::name)
			.containsExactlyInAnyOrder("build-image", "gpu-smoke", "general-smoke");
		assertThat(jobs).allSatisfy(job -> assertThat(job.succeeded()).isTrue());
		assertThat(jobs).filteredOn(j -> j.tags().contains("gpu"))
			.singleElement()
			.satisfies(j -> assertThat(j.runnerDescription()).isEqualTo("k3s-w-1 gpu"));

		List<GitlabRegistryRepository> repositories = client.registry().repositories(project.id());
		assertThat(repositories).singleElement().satisfies(r -> {
			assertThat(r.path()).isEqualTo("homelab/ci-smoke");
			assertThat(r.tags()).contains("smoke", started.sha().substring(0, 8));
		});
		GitlabRegistryTag tag = client.registry().tag(project.id(), repositories.get(0).id(), "smoke").orElseThrow();
		assertThat(client.registry().tag(project.id(), repositories.get(0).id(), "nope")).isEmpty();

		RegistryManifest manifest = client.registry().manifest("homelab/ci-smoke", "smoke").orElseThrow();
		assertThat(manifest.digest()).isEqualTo(tag.digest());
		assertThat(manifest.mediaType()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
		assertThat(manifest.size()).isPositive();
		assertThat(client.registry().manifest("homelab/ci-smoke", "nope")).isEmpty();

		assertThat(lab.journal().violations()).as("the client keeps to GitLab's contract").isEmpty();
		assertThat(lab.journal().entries("registry")).as("the manifest pulled with the registry's token")
			.anyMatch(e -> e.path().equals("/v2/homelab/ci-smoke/manifests/smoke") && e.status() == 200);
	}

	@Test
	void gitlabsRefusalsReachTheCallerAsApiExceptions() {
		GitlabProject empty = client.projects()
			.findOrCreate(client.groups().findOrCreate("homelab", "homelab").value(), "no-ci", "no-ci")
			.value();
		client.repository()
			.commit(empty.id(), "main", "Nothing to run",
					List.of(CommitAction.create("README.md", "# no pipeline here\n".getBytes(StandardCharsets.UTF_8))));
		GitlabApiException refused = catchThrowableOfType(GitlabApiException.class,
				() -> client.pipelines().create(empty.id(), "main"));
		assertThat(refused.status()).isEqualTo(400);
		assertThat(refused.isTransient()).isFalse();
		assertThat(refused.getMessage()).contains("Missing CI config file");
		assertThat(catchThrowableOfType(GitlabApiException.class, () -> client.pipelines().get(empty.id(), 999))
			.notFound()).isTrue();
	}

	@Test
	void aCommitToABranchWithACiFileStartsItsPipelineAsAPushDoesAndLatestIsTheNewestCommits() {
		gitlab.runnerOn(generalRunner, "k3s-w-2");
		GitlabProject ansible = client.projects()
			.findOrCreate(client.groups().findOrCreate("homelab", "homelab").value(), "ansible", "ansible")
			.value();
		assertThat(client.pipelines().latest(ansible.id(), "main")).as("no commit, no pipeline").isEmpty();
		String seeded = client.repository()
			.seed(ansible.id(), "main", SeedFiles.read(Path.of("deploy/ansible")), "Seed ansible")
			.commitId();
		GitlabPipeline pushed = client.pipelines().latest(ansible.id(), "main").orElseThrow();
		assertThat(pushed.sha()).isEqualTo(seeded);
		await().atMost(Duration.ofSeconds(20))
			.until(() -> client.pipelines().latest(ansible.id(), null).orElseThrow().finished());
		assertThat(client.pipelines().latest(ansible.id(), null).orElseThrow().status()).isEqualTo("success");
		// the jobs extend .ansible-tools, which carries the general runner's tag
		assertThat(client.pipelines().jobs(ansible.id(), pushed.id())).hasSize(2).allSatisfy(job -> {
			assertThat(job.tags()).containsExactly("general");
			assertThat(job.succeeded()).isTrue();
			assertThat(job.runnerDescription()).isEqualTo("k3s-w-2 general");
		});

		String next = client.repository()
			.commit(ansible.id(), "main", "Change the README",
					List.of(CommitAction.create("NOTES.md", "# notes\n".getBytes(StandardCharsets.UTF_8))));
		GitlabPipeline newest = client.pipelines().latest(ansible.id(), "main").orElseThrow();
		assertThat(newest.id()).isGreaterThan(pushed.id());
		assertThat(newest.sha()).isEqualTo(next);
		assertThat(lab.journal().violations()).as("the client keeps to GitLab's contract").isEmpty();
	}

	@Test
	void aCommitWithoutACiFileStartsNoPipeline() {
		GitlabProject plain = client.projects()
			.findOrCreate(client.groups().findOrCreate("homelab", "homelab").value(), "plain", "plain")
			.value();
		client.repository()
			.commit(plain.id(), "main", "No CI here",
					List.of(CommitAction.create("README.md", "# plain\n".getBytes(StandardCharsets.UTF_8))));
		assertThat(client.pipelines().latest(plain.id(), "main")).isEmpty();
		assertThat(gitlab.jobs("homelab/plain")).isEmpty();
	}

	private static int runner(GitlabVm vm, String token, String description, String tag) {
		GitlabVm.Http runner = vm.call("POST", "/api/v4/user/runners", token, "{\"runner_type\":\"instance_type\","
				+ "\"description\":\"" + description + "\",\"tag_list\":[\"" + tag + "\"]}");
		assertThat(runner.status()).isEqualTo(201);
		return runner.json().path("id").asInt();
	}

	/** The homelab's DNS names of GitLab and its registry lead to the GitLab VM. */
	private static List<InetAddress> homelabDns(String host) throws UnknownHostException {
		if (host.equals("gitlab.homelab.lan") || host.equals("registry.homelab.lan")) {
			return List.of(InetAddress.getByName(Omnibus.ADDRESS));
		}
		return Dns.SYSTEM.lookup(host);
	}

}
