package org.homelab.rollout.runner;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Incident;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.rehearsal.gitlab.GitlabLab;
import org.homelab.rollout.runner.steps.RunnerVariables;
import org.homelab.rollout.support.PhaseOneLab;
import org.homelab.rollout.support.ProcessRuns;
import org.homelab.rollout.support.SecretScan;
import org.homelab.rollout.support.TestLabs;
import org.homelab.rollout.vault.SecretReference;
import org.homelab.rollout.vault.SecretWriter;
import org.homelab.rollout.vault.VaultTarget;
import org.homelab.rollout.vault.steps.VaultVariables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Phase 2.2 on the embedded lab (contract checks on), after Phase 1's Vault and External
 * Secrets and GitLab CE on its VM: gitlab-runner-install brings the GPU runner online on
 * k3s-w-1 and the general one on k3s-w-2, each token only in Vault and the synced Secret;
 * a second run adopts and creates nothing; gitlab-runner-remove of the adopting run
 * removes nothing, of the installing run everything that run made. No runner token in the
 * engine's tables or log.
 */
@SpringBootTest(properties = { "rollout.vault.state-dir=target/runner-it/${random.uuid}",
		"rollout.waits.initial-backoff=20ms", "rollout.waits.max-backoff=200ms", "rollout.retry-scale=0.02" })
@ActiveProfiles({ "rehearsal", "test" })
@Import(LabGitlab.class)
@ExtendWith(OutputCaptureExtension.class)
class GitlabRunnerProcessIntegrationTests {

	private static final ResourceDefinitionContext EXTERNAL_SECRETS = new ResourceDefinitionContext.Builder()
		.withGroup("external-secrets.io")
		.withVersion("v1")
		.withKind("ExternalSecret")
		.withPlural("externalsecrets")
		.withNamespaced(true)
		.build();

	@Autowired
	RehearsalLab lab;

	@Autowired
	ProcessEngine engine;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	SecretWriter writer;

	@AfterEach
	void stopTheLabsServices() {
		// the VMs' Vault and GitLab listen at fixed addresses: stop them for the next
		// context's lab
		this.lab.reset();
	}

	@Test
	void bothRunnersComeOnlineOnTheirNodesAReRunAdoptsAndRemoveLeavesNothing(CapturedOutput output) {
		this.lab.reset();
		ProcessRuns runs = new ProcessRuns(this.engine).within(Duration.ofSeconds(120));
		assertThatThrownBy(() -> runs.start("gitlab-runner-install", "bad", Map.of("runnerName", "cpu")))
			.hasMessageContaining("runnerName 'cpu' is not a runner of the plan")
			.hasMessageContaining("nothing was created");
		TestLabs.assertUntouched(this.lab.journal());
		Map<String, Object> vault = phaseOneVaultAndEso(runs);
		runs.run("provision-vm", "p2", Map.of("vmName", "gitlab-ce"));
		LabGitlab.install(this.lab);
		GitlabLab gitlab = this.lab.gitlab().labs().values().iterator().next();
		KubernetesClient k3s = this.lab.kubernetes().client();

		Map<String, Object> gpu = runs.run("gitlab-runner-install", "p2", runner(vault, "gpu", "p2")).variables();
		Map<String, Object> general = runs.run("gitlab-runner-install", "p2", runner(vault, "general", "p2"))
			.variables();

		for (Map<String, Object> made : List.of(gpu, general)) {
			assertThat(made).containsEntry(RunnerVariables.RUNNER_CREATED, true)
				.containsEntry(RunnerVariables.TOKEN_STORED, true)
				.containsEntry(RunnerVariables.SECRET_CREATED, true)
				.containsEntry(RunnerVariables.RELEASE_CREATED, true);
			assertThat(made.get(RunnerVariables.CONTACTED_AT)).isNotNull();
		}
		assertThat(gpu).containsEntry(RunnerVariables.RELEASE_NODE, "k3s-w-1")
			.containsEntry(RunnerVariables.TOKEN_PATH, "homelab/services/gitlab/runner-gpu");
		assertThat(general).containsEntry(RunnerVariables.RELEASE_NODE, "k3s-w-2");
		int gpuId = ((Number) gpu.get(RunnerVariables.RUNNER_ID)).intValue();
		int generalId = ((Number) general.get(RunnerVariables.RUNNER_ID)).intValue();
		assertThat(gitlab.runnerNodes()).containsEntry(gpuId, "k3s-w-1").containsEntry(generalId, "k3s-w-2");
		assertThat(gitlab.runners()).extracting(GitlabLab.RunnerView::description, GitlabLab.RunnerView::tags)
			.containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("gitlab-runner-gpu", List.of("gpu")),
					org.assertj.core.groups.Tuple.tuple("gitlab-runner-general", List.of("general")));
		assertThat(gitlab.runners()).allMatch(r -> r.type().equals("instance_type"));
		assertThat(k3s.pods()
			.inNamespace("gitlab-runner")
			.withLabel("app.kubernetes.io/instance", "gitlab-runner-gpu")
			.list()
			.getItems()).isNotEmpty().allMatch(p -> "k3s-w-1".equals(p.getSpec().getNodeName()));
		Map<String, String> tokens = new LinkedHashMap<>();
		tokens.put("gpu runner token", token(k3s, "gitlab-runner-gpu"));
		tokens.put("general runner token", token(k3s, "gitlab-runner-general"));
		assertThat(tokens.values()).allMatch(t -> t.startsWith("glrt-"));
		VaultTarget target = VaultTarget.of((String) vault.get(VaultVariables.ADDRESS),
				(String) vault.get(VaultVariables.CA_FILE));
		SecretReference gpuToken = new SecretReference("homelab", "services/gitlab/runner-gpu");
		assertThat(this.writer.exists(target, gpuToken)).isTrue();

		// a second run adopts: nothing created, the same runner
		int posts = runnerCreations();
		Map<String, Object> again = runs.run("gitlab-runner-install", "p2-again", runner(vault, "gpu", "p2-again"))
			.variables();
		assertThat(again).containsEntry(RunnerVariables.RUNNER_CREATED, false)
			.containsEntry(RunnerVariables.TOKEN_STORED, false)
			.containsEntry(RunnerVariables.SECRET_CREATED, false)
			.containsEntry(RunnerVariables.RELEASE_CREATED, false)
			.containsEntry(RunnerVariables.RUNNER_ID, gpu.get(RunnerVariables.RUNNER_ID));
		assertThat(runnerCreations()).isEqualTo(posts);
		assertThat(token(k3s, "gitlab-runner-gpu")).isEqualTo(tokens.get("gpu runner token"));
		// the same rollout run again (a retry after its runner was made): its own runner,
		// still its to undo, nothing created anew
		Map<String, Object> retried = runs.run("gitlab-runner-install", "p2-retry", runner(vault, "gpu", "p2"))
			.variables();
		assertThat(retried).containsEntry(RunnerVariables.RUNNER_CREATED, true)
			.containsEntry(RunnerVariables.RUNNER_ID, gpu.get(RunnerVariables.RUNNER_ID));
		assertThat(runnerCreations()).isEqualTo(posts);
		org.homelab.rollout.gitlab.GitlabRunner details = LabGitlab.client().runners().get(gpuId);
		assertThat(details.locked()).isTrue();
		assertThat(details.maintenanceNote()).isEqualTo("created by homelab-rollout run p2");

		// the adopting run's removal removes nothing
		Map<String, Object> kept = runs.run("gitlab-runner-remove", "p2-again", removal(vault, again)).variables();
		assertThat(kept).containsEntry(RunnerVariables.RUNNER_DELETED, false)
			.containsEntry(RunnerVariables.SECRET_DELETED, false)
			.containsEntry(RunnerVariables.TOKEN_DELETED, false);
		assertThat(gitlab.runnerStatus(gpuId)).isEqualTo("online");

		// the installing run's removal leaves nothing of the runner
		Map<String, Object> removed = runs.run("gitlab-runner-remove", "p2", removal(vault, gpu)).variables();
		assertThat(removed).containsEntry(RunnerVariables.RUNNER_DELETED, true)
			.containsEntry(RunnerVariables.SECRET_DELETED, true)
			.containsEntry(RunnerVariables.TOKEN_DELETED, true)
			.containsEntry("releaseUninstalled", true);
		assertThat(gitlab.runners()).extracting(GitlabLab.RunnerView::description)
			.containsExactly("gitlab-runner-general");
		assertThat(gitlab.runnerNodes()).containsOnlyKeys(generalId);
		assertThat(this.writer.exists(target, gpuToken)).isFalse();
		assertThat(k3s.genericKubernetesResources(EXTERNAL_SECRETS)
			.inNamespace("gitlab-runner")
			.withName("gitlab-runner-gpu")
			.get()).isNull();
		assertThat(k3s.secrets().inNamespace("gitlab-runner").withName("gitlab-runner-gpu").get()).isNull();
		assertThat(k3s.genericKubernetesResources(TestLabs.HELM_CHARTS)
			.inAnyNamespace()
			.list()
			.getItems()
			.stream()
			.map(c -> c.getMetadata().getName())).doesNotContain("gitlab-runner-gpu").contains("gitlab-runner-general");

		// GitLab has a runner whose token Vault lacks (shown once, lost): deleted and
		// made
		// again
		int lost = ((Number) LabGitlab.client()
			.tokens()
			.createRunner(org.homelab.rollout.gitlab.RunnerRequest.instance("gitlab-runner-gpu", List.of("gpu"), false))
			.id()).intValue();
		Map<String, Object> remade = runs.run("gitlab-runner-install", "p2-lost", runner(vault, "gpu", "p2-lost"))
			.variables();
		assertThat(remade).containsEntry(RunnerVariables.RUNNER_CREATED, true)
			.containsEntry(RunnerVariables.TOKEN_STORED, true);
		int remadeId = ((Number) remade.get(RunnerVariables.RUNNER_ID)).intValue();
		assertThat(remadeId).isNotEqualTo(lost);
		assertThat(gitlab.runners()).extracting(GitlabLab.RunnerView::id).doesNotContain(lost).contains(remadeId);
		assertThat(gitlab.runnerNodes()).containsEntry(remadeId, "k3s-w-1");
		tokens.put("remade gpu runner token", token(k3s, "gitlab-runner-gpu"));
		runs.run("gitlab-runner-remove", "p2-lost", removal(vault, remade));
		assertThat(gitlab.runners()).extracting(GitlabLab.RunnerView::description)
			.containsExactly("gitlab-runner-general");

		// and the general runner's removal: nothing of Phase 2.2 is left but the
		// namespace
		runs.run("gitlab-runner-remove", "p2", removal(vault, general));
		assertThat(gitlab.runners()).isEmpty();
		assertThat(gitlab.runnerNodes()).isEmpty();
		assertThat(this.writer.exists(target, new SecretReference("homelab", "services/gitlab/runner-general")))
			.isFalse();
		assertThat(k3s.genericKubernetesResources(EXTERNAL_SECRETS).inNamespace("gitlab-runner").list().getItems())
			.isEmpty();
		assertThat(k3s.genericKubernetesResources(TestLabs.HELM_CHARTS)
			.inAnyNamespace()
			.list()
			.getItems()
			.stream()
			.map(c -> c.getMetadata().getName())).noneMatch(name -> name.startsWith("gitlab-runner-"));
		assertThat(k3s.pods().inNamespace("gitlab-runner").list().getItems()).isEmpty();

		// a release that is never ready (no node to run on): what the run made before it
		// is
		// removed and the error reported
		Node w2 = k3s.nodes().withName("k3s-w-2").get();
		k3s.nodes().withName("k3s-w-2").delete();
		Map<String, Object> slow = runner(vault, "general", "p2-slow");
		slow.put(RunnerVariables.RELEASE_READY_TIMEOUT, "PT2S");
		String id = runs.start("gitlab-runner-install", "p2-slow", slow);
		Incident notReady = runs.awaitIncident(id);
		assertThat(notReady.getActivityId()).isEqualTo("runner-not-ready");
		assertThat(notReady.getIncidentMessage()).contains("GITLAB_RUNNER_NOT_READY");
		assertThat(runs.passed(id, "remove-what-this-run-made")).isTrue();
		assertThat(gitlab.runners()).isEmpty();
		assertThat(this.writer.exists(target, new SecretReference("homelab", "services/gitlab/runner-general")))
			.isFalse();
		assertThat(k3s.genericKubernetesResources(EXTERNAL_SECRETS).inNamespace("gitlab-runner").list().getItems())
			.isEmpty();
		this.engine.getRuntimeService().deleteProcessInstance(id, "test over");
		w2.getMetadata().setResourceVersion(null);
		w2.getMetadata().setUid(null);
		k3s.nodes().resource(w2).create();

		assertThat(this.lab.journal().violations()).isEmpty();
		List<String> tables = SecretScan.tables(this.jdbc);
		assertThat(tables).as("ACT_* tables are read").anyMatch(row -> row.contains("gitlab-runner-install"));
		assertThat(SecretScan.findings(tokens, tables)).as("runner tokens in the engine's tables").isEmpty();
		assertThat(SecretScan.findings(tokens, List.of(output.getAll()))).as("runner tokens in the log").isEmpty();
	}

	/**
	 * Phase 1.2 as the phase model calls it: Vault installed and set up, ESO connected.
	 */
	static Map<String, Object> phaseOneVaultAndEso(ProcessRuns runs) {
		return PhaseOneLab.vaultAndEso(runs);
	}

	private static Map<String, Object> vault(Map<String, Object> installed) {
		Map<String, Object> in = new HashMap<>();
		in.put(VaultVariables.ADDRESS, installed.get(VaultVariables.ADDRESS));
		in.put(VaultVariables.CA_FILE, installed.get(VaultVariables.CA_FILE));
		return in;
	}

	static Map<String, Object> runner(Map<String, Object> installed, String name, String run) {
		Map<String, Object> in = vault(installed);
		in.put(RunnerVariables.RUNNER_NAME, name);
		in.put(RunnerVariables.ROLLOUT_RUN, run);
		return in;
	}

	private static Map<String, Object> removal(Map<String, Object> installed, Map<String, Object> made) {
		Map<String, Object> in = vault(installed);
		for (String name : List.of(RunnerVariables.RUNNER_NAME, RunnerVariables.RUNNER_ID,
				RunnerVariables.RUNNER_CREATED, RunnerVariables.TOKEN_STORED, RunnerVariables.SECRET_CREATED,
				RunnerVariables.RELEASE_CREATED, RunnerVariables.ROLLOUT_RUN)) {
			in.put(name, made.get(name));
		}
		return in;
	}

	private int runnerCreations() {
		return (int) this.lab.journal()
			.entries("gitlab")
			.stream()
			.filter(e -> e.method().equals("POST") && e.path().equals("/api/v4/user/runners"))
			.count();
	}

	/** The token as the chart reads it from the synced Secret. */
	private static String token(KubernetesClient k3s, String secret) {
		Secret synced = k3s.secrets().inNamespace("gitlab-runner").withName(secret).get();
		assertThat(synced.getData()).containsEntry("runner-registration-token", "");
		return new String(Base64.getDecoder().decode(synced.getData().get("runner-token")), StandardCharsets.UTF_8);
	}

}
