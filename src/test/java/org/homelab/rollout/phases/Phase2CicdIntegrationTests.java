package org.homelab.rollout.phases;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Secret;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.homelab.rollout.matrix.VmFirewallPlan;
import org.homelab.rollout.rehearsal.frontdoor.AccessRule;
import org.homelab.rollout.rehearsal.gitlab.GitlabLab;
import org.homelab.rollout.rehearsal.gitlab.GitlabLab.JobView;
import org.homelab.rollout.support.SecretScan;
import org.homelab.rollout.support.Tool;
import org.homelab.rollout.vault.EngineSecrets;
import org.homelab.rollout.vault.SecretReference;
import org.homelab.rollout.vault.SecretWriter;
import org.homelab.rollout.vault.VaultTargets;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Phase 1 then Phase 2 on the embedded lab, every step real. The operator approves Phase
 * 1 in Tasklist in a real Chromium, finds it in Cockpit, and is sent to Authelia when
 * opening Grafana through the front door. A rejected Phase 2, and one whose GPU runner
 * never gets ready after GitLab is installed, leave nothing of themselves and Phase 1
 * whole; an approved one shows every criterion met at its gate (GitLab, runners on their
 * nodes, the registry, the pipeline, the matrix), is approved by the operator in Tasklist
 * in a real Chromium, and keeps no secret of GitLab in the engine's tables, log or REST
 * answers; a re-run adopts everything and creates nothing.
 */
// a context of its own: the web apps' login is unreliable in a shared one
@TestPropertySource(properties = Phase1Context.LATER_PHASES)
@ExtendWith(OutputCaptureExtension.class)
class Phase2CicdIntegrationTests extends Phase1Context {

	static final List<String> CRITERIA = List.of("gitlabFunctional", "runnersExecuting", "registryOperational",
			"pipelinesRunning", "integrationMatrix");

	@Autowired
	VaultTargets vaults;

	@Autowired
	EngineSecrets secrets;

	@Autowired
	SecretWriter writer;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	ManagementService management;

	@Autowired
	VmFirewallPlan firewallPlan;

	@BeforeAll
	static void browserInstalled() {
		Tool.CHROMIUM.require("the Phase 2 gate in Tasklist is");
	}

	@Test
	void rejectedOrFailedPhase2LeavesPhase1WholeApprovedOneMeetsEveryCriterionAndARerunCreatesNothing(
			CapturedOutput output) {
		String foundation = this.phase1.start("phase-2-foundation");
		OperatorBrowser operator = new OperatorBrowser(this);
		operator.approvePhase1AndFindItInCockpit(foundation, "phase-2-foundation");
		operator.opensGrafanaThroughTheFrontDoorAndLandsOnAutheliasPortal();
		List<String> phase1Vms = List.of(this.phase1.vms("prometheus").get(0).vmid() + "",
				this.phase1.vms("vault").get(0).vmid() + "");
		Phase2 phase2 = new Phase2(this.lab, this.engine);

		String rejected = phase2.start("phase-2-rejected");
		phase2.decide(phase2.awaitGate(rejected), "reject");
		assertThat(phase2.awaitEnd(rejected)).isEqualTo("phase-2-rolled-back");
		assertNothingOfPhase2AndPhase1Whole(phase2, phase1Vms);

		// a failure after 2.1 finished: k3s-w-1 is cordoned, so the GPU runner's pod
		// stays Pending until install-helm-release gives up (its timer, fired here
		// instead of after fifteen minutes), once GitLab, the general runner, the front
		// door and monitoring are done
		cordon("k3s-w-1", true);
		String failed = phase2.start("phase-2-failed");
		this.runs.awaitFinished(failed, "install-gitlab", "expose-registry", "monitor-gitlab",
				"provision-gitlab-dashboard", "runner-general", "open-vault-to-gitlab");
		Job giveUp = await().atMost(Phase2.TIMEOUT)
			.until(() -> this.management.createJobQuery().activityId("not-ready-in-time").timers().singleResult(),
					job -> job != null);
		await().atMost(Duration.ofSeconds(30)).ignoreException(OptimisticLockingException.class).until(() -> {
			this.management.executeJob(giveUp.getId());
			return true;
		});
		assertThat(phase2.awaitEnd(failed)).isEqualTo("phase-2-rolled-back");
		cordon("k3s-w-1", false);
		assertThat(this.runs.variables(failed)).containsEntry("phase2RollbackCause", "GITLAB_RUNNER_NOT_READY");
		assertThat(this.runs.activities(failed, "approve-phase-2")).isEmpty();
		assertThat(this.runs.activities(failed, "destroy-gitlab-vm", "remove-gitlab", "unexpose-gitlab",
				"unexpose-registry", "unmonitor-gitlab", "remove-runner-general", "close-vault-to-gitlab"))
			.as("the undo of every step that finished")
			.hasSize(7);
		assertNothingOfPhase2AndPhase1Whole(phase2, phase1Vms);

		String approved = phase2.start("phase-2-approved");
		Task gate = phase2.awaitGate(approved);
		Map<String, Object> shown = this.tasks.getVariables(gate.getId());
		for (String criterion : CRITERIA) {
			assertThat(shown).as("%s: %s", criterion, shown.get(criterion + "Result"))
				.containsEntry(criterion + "Met", true);
		}
		assertThat((String) shown.get("integrationMatrixCells")).contains("GitLab CE \u2705 Vault: MET",
				"GitLab CE \u2705 Prometheus: MET", "GitLab Runner \u2705 Prometheus: MET",
				"GitLab Runner \u2705 GitLab CE: MET");
		operator.approvePhase2(shown);
		assertThat(phase2.awaitEnd(approved)).isEqualTo("phase-2-done");
		assertThat(this.history.createHistoricTaskInstanceQuery().taskId(gate.getId()).singleResult().getAssignee())
			.isEqualTo("operator");

		assertThat(phase2.gitlabVms()).hasSize(1);
		assertThat(phase2.releases()).containsExactlyElementsOf(Phase2.RELEASES);
		assertThat(phase2.externalSecrets()).hasSize(2);
		GitlabLab gitlab = this.lab.gitlab().lab(phase2.gitlabVms().get(0).vmid()).orElseThrow();
		assertThat(gitlab.projects()).contains("homelab/gitops", "homelab/ansible", "homelab/ci-smoke");
		assertThat(gitlab.runners()).hasSize(2);
		assertThat(gitlab.runnerNodes().values()).containsExactlyInAnyOrder("k3s-w-1", "k3s-w-2");
		List<JobView> jobs = gitlab.jobs("homelab/ci-smoke");
		assertThat(jobs).filteredOn(job -> job.tags().contains("gpu"))
			.isNotEmpty()
			.allMatch(job -> job.node().equals("k3s-w-1") && job.status().equals("success"));
		assertThat(jobs).filteredOn(job -> job.tags().contains("general"))
			.isNotEmpty()
			.allMatch(job -> job.node().equals("k3s-w-2") && job.status().equals("success"));
		assertThat(gitlab.images()).extracting(GitlabLab.ImageView::repository).contains("homelab/ci-smoke");
		assertThat(this.lab.frontdoor().homepageServices()).contains("https://gitlab.rehearsal.lan/");
		// GitLab has its own login: Authelia lets its API and Git paths through, guards
		// the rest
		assertThat(this.lab.frontdoor().autheliaRules())
			.filteredOn(rule -> rule.domains().contains("gitlab.rehearsal.lan"))
			.extracting(AccessRule::policy)
			.containsExactly("bypass", "one_factor");
		assertThat(this.lab.journal().violations()).isEmpty();
		MatrixFirewalls.assertAsDerived(this.firewallPlan, this.lab, 2, "prometheus", "vault", "gitlab-ce");
		assertNoSecretOfGitlabInTheEngine(output);

		int gitlabVmid = phase2.gitlabVms().get(0).vmid();
		this.lab.journal().clear();
		String again = phase2.start("phase-2-approved");
		phase2.decide(phase2.awaitGate(again), "approve");
		assertThat(phase2.awaitEnd(again)).isEqualTo("phase-2-done");
		assertThat(phase2.gitlabVms()).extracting(vm -> vm.vmid()).containsExactly(gitlabVmid);
		assertThat(gitlab.runners()).hasSize(2);
		assertThat(phase2.releases()).containsExactlyElementsOf(Phase2.RELEASES);
		assertThat(this.lab.journal().entries()).as("creations by the re-run")
			.noneMatch(e -> e.method().equals("POST") && (e.path().endsWith("/clone")
					|| e.path().endsWith("/user/runners") || e.path().endsWith("/api/v4/groups")
					|| e.path().endsWith("/api/v4/projects") || e.path().endsWith("/helmcharts")));
		// the same run name owns what it made (its created marks stay true, as Phase 1's
		// do), but nothing was made again: no secret written, no front door entry added
		assertThat(this.runs.variables(again)).containsEntry("gitlabRootPasswordWritten", false)
			.containsEntry("gitlabEngineTokenWritten", false)
			.containsEntry("gpuRunnerSecretCreated", false)
			.containsEntry("gitlabSiteAdded", false)
			.containsEntry("registryEntryAdded", false);
	}

	/**
	 * After a rollback: no gitlab-ce VM, runner release, ExternalSecret, GitLab secret in
	 * Vault or front door entry of Phase 2; Phase 1's VMs and releases as they were.
	 */
	private void assertNothingOfPhase2AndPhase1Whole(Phase2 phase2, List<String> phase1Vms) {
		assertThat(phase2.gitlabVms()).as("the gitlab-ce VM this run created").isEmpty();
		assertThat(phase2.releases()).isEmpty();
		assertThat(phase2.externalSecrets()).isEmpty();
		for (String secret : List.of("root-password", "engine-token", "runner-gpu", "runner-general")) {
			assertThat(stored(secret)).as(secret + " in Vault").isFalse();
		}
		assertThat(
				List.of(this.phase1.vms("prometheus").get(0).vmid() + "", this.phase1.vms("vault").get(0).vmid() + ""))
			.as("Phase 1's VMs")
			.isEqualTo(phase1Vms);
		assertThat(this.phase1.releases()).containsExactlyInAnyOrderElementsOf(Phase1.RELEASES);
		assertThat(this.lab.frontdoor().homepageServices()).contains("https://grafana.rehearsal.lan/")
			.doesNotContain("gitlab.rehearsal.lan");
		assertThat(this.lab.frontdoor().autheliaRules()).as("Authelia's rules")
			.noneMatch(rule -> rule.domains().contains("gitlab.rehearsal.lan"))
			.anyMatch(rule -> rule.domains().contains("grafana.rehearsal.lan"));
		// the Vault VM's rule for GitLab is gone again; Phase 1's are as they were
		MatrixFirewalls.assertAsDerived(this.firewallPlan, this.lab, 1, "prometheus", "vault");
	}

	/** Cordons the node (kubectl cordon), or uncordons it. */
	private void cordon(String node, boolean unschedulable) {
		this.lab.kubernetes().client().nodes().withName(node).edit(n -> {
			n.getSpec().setUnschedulable(unschedulable ? true : null);
			return n;
		});
	}

	/**
	 * GitLab's root password and the engine's token (from Vault), and both runners'
	 * tokens (from the Secrets ESO synced into K3s), appear in no engine table.
	 */
	private void assertNoSecretOfGitlabInTheEngine(CapturedOutput output) {
		Map<String, String> secrets = new LinkedHashMap<>();
		secrets.put("root password", read("root-password", "password"));
		secrets.put("engine token", read("engine-token", "token"));
		for (Secret secret : this.lab.kubernetes().client().secrets().inNamespace("gitlab-runner").list().getItems()) {
			String token = (secret.getData() != null) ? secret.getData().get("runner-token") : null;
			if (token != null) {
				secrets.put(secret.getMetadata().getName(),
						new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8));
			}
		}
		assertThat(secrets).hasSize(4).allSatisfy((name, value) -> assertThat(value).isNotBlank());
		assertThat(SecretScan.findings(secrets, SecretScan.tables(this.jdbc))).as("in ACT_* tables").isEmpty();
		assertThat(SecretScan.findings(secrets, List.of(output.getAll()))).as("in the log").isEmpty();
		List<String> ids = this.runs.instances("phase-2-approved");
		assertThat(ids).as("the phase and the processes it called").hasSizeGreaterThan(10);
		List<String> answers = SecretScan.restAnswers(this.port, ids);
		assertThat(answers).as("REST answers are read").anyMatch(a -> a.contains("gitlabEngineTokenPath"));
		assertThat(SecretScan.findings(secrets, answers)).as("in REST answers").isEmpty();
	}

	private String read(String name, String key) {
		return this.secrets.read(this.vaults.target(null, null),
				new SecretReference("homelab", "services/gitlab/" + name), key);
	}

	private boolean stored(String name) {
		return this.writer.exists(this.vaults.target(null, null),
				new SecretReference("homelab", "services/gitlab/" + name));
	}

}
