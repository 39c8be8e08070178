package org.homelab.rollout.phases;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Secret;
import org.camunda.bpm.engine.task.Task;
import org.homelab.rollout.matrix.VmFirewallPlan;
import org.homelab.rollout.rehearsal.gitlab.GitlabLab;
import org.homelab.rollout.rehearsal.proxmox.PveClient;
import org.homelab.rollout.rehearsal.proxmox.VmView;
import org.homelab.rollout.support.SecretScan;
import org.homelab.rollout.support.TestLabs;
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

/**
 * Phase 3 on the lab after Phases 1 and 2 (in the Phase 2 test's context: a re-run of
 * those adopts what that test made): a rejected run leaves nothing of Phase 3 and Phases
 * 1 and 2 as they were; an approved run meets the four criteria at the gate, with Argo CD
 * managing the app-of-apps from GitLab, approved by the operator in Tasklist in a real
 * Chromium, the ansible VM's playbooks idempotent against the Proxmox inventory,
 * Prometheus scraping both, no secret of the phase in the engine, and zero contract
 * violations; a re-run creates nothing.
 */
@TestPropertySource(properties = "spring.application.name=phase-2")
@ExtendWith(OutputCaptureExtension.class)
class Phase3GitopsIntegrationTests extends Phase1Context {

	static final Duration TIMEOUT = Duration.ofSeconds(300);

	static final List<String> CRITERIA = List.of("argocdManaging", "gitopsWorkflows", "ansiblePlaybooksFunctional",
			"ansibleAutomationWorking");

	@Autowired
	VaultTargets vaults;

	@Autowired
	EngineSecrets secrets;

	@Autowired
	SecretWriter writer;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	VmFirewallPlan firewallPlan;

	@BeforeAll
	static void browserInstalled() {
		Tool.CHROMIUM.require("the Phase 3 gate in Tasklist is");
	}

	@Test
	void rejectedPhase3LeavesPhases1And2WholeApprovedOneMeetsItsCriteriaAndARerunCreatesNothing(CapturedOutput output) {
		String foundation = this.phase1.start("phase-3-foundation");
		this.phase1.decide(this.phase1.awaitGate(foundation), "approve");
		assertThat(this.phase1.awaitEnd(foundation)).isEqualTo("phase-1-done");
		Phase2 phase2 = new Phase2(this.lab, this.engine);
		String cicd = phase2.start("phase-3-cicd");
		phase2.decide(phase2.awaitGate(cicd), "approve");
		assertThat(phase2.awaitEnd(cicd)).isEqualTo("phase-2-done");
		List<Integer> earlierVms = earlierVms();
		Map<String, String> frontDoor = new FrontDoor(this.lab).files();
		GitlabLab gitlab = this.lab.gitlab().lab(phase2.gitlabVms().get(0).vmid()).orElseThrow();
		PhaseRuns phase3 = new PhaseRuns(this.engine, "phase-3-gitops", 3, TIMEOUT);

		String rejected = phase3.start("phase-3-rejected");
		phase3.decide(phase3.awaitGate(rejected), "reject");
		assertThat(phase3.awaitEnd(rejected)).isEqualTo("phase-3-rolled-back");
		assertThat(TestLabs.vms(this.lab.proxmox(), "ansible")).as("the ansible VM this run created").isEmpty();
		assertThat(helmCharts()).doesNotContain("argocd");
		assertThat(gitlab.files("homelab/gitops", "main")).as("the run's commits reverted").isEmpty();
		assertThat(gitlab.files("homelab/ansible", "main")).as("the run's commits reverted").isEmpty();
		for (String path : List.of("argocd/admin-password", "argocd/gitops-deploy-token", "ansible/proxmox-token",
				"ansible/gitlab-deploy-token")) {
			assertThat(stored(path)).as(path + " in Vault").isFalse();
		}
		assertThat(PveClient.trusting(this.lab.proxmox()).get("/access/users").data())
			.noneMatch(user -> user.path("userid").asText().equals("ansible@pve"));
		assertThat(earlierVms()).as("Phases 1 and 2's VMs").isEqualTo(earlierVms);
		assertThat(new FrontDoor(this.lab).files()).as("the front door's files after the rollback")
			.isEqualTo(frontDoor);
		MatrixFirewalls.assertAsDerived(this.firewallPlan, this.lab, 2, "prometheus", "vault", "gitlab-ce");

		String approved = phase3.start("phase-3-approved");
		Task gate = phase3.awaitGate(approved);
		Map<String, Object> shown = this.tasks.getVariables(gate.getId());
		for (String criterion : CRITERIA) {
			assertThat(shown).as("%s: %s", criterion, shown.get(criterion + "Result"))
				.containsEntry(criterion + "Met", true);
		}
		assertThat((String) shown.get("integrationMatrixCells")).contains("ArgoCD \u2705 Prometheus: MET",
				"ArgoCD \u2705 Grafana: MET", "ArgoCD \u2705 Vault: MET", "Ansible \u2705 Prometheus: MET",
				"Ansible \u2705 Vault: MET",
				"ArgoCD \u2705 GitLab CE: MET (repository https://gitlab.rehearsal.lan/homelab/gitops.git Successful;"
						+ " Applications [root, smoke] from https://gitlab.rehearsal.lan/)",
				"ArgoCD \u2705 GitLab Runner: MET (homelab/gitops pipeline",
				"Ansible \u2705 GitLab CE: MET (/srv/ansible at main",
				"Ansible \u2705 GitLab Runner: MET (homelab/ansible pipeline",
				"Ansible \u2705 ArgoCD: MET (Argo CD deploys [root, smoke] into K3s");
		// every cell Phases 1 to 3 make real, those five included
		assertThat(shown).as("%s", shown.get("integrationMatrixCells")).containsEntry("integrationMatrixMet", true);
		new OperatorBrowser(this).approvePhase3(shown);
		assertThat(phase3.awaitEnd(approved)).isEqualTo("phase-3-done");
		assertThat(this.history.createHistoricTaskInstanceQuery().taskId(gate.getId()).singleResult().getAssignee())
			.isEqualTo("operator");
		assertThat(this.lab.argocd().applications()).containsEntry("root", "Synced/Healthy")
			.containsEntry("smoke", "Synced/Healthy");
		assertThat(gitlab.files("homelab/gitops", "main")).containsKeys("bootstrap/root-app.yaml", "apps/smoke.yaml");
		assertThat(gitlab.files("homelab/ansible", "main")).containsKeys("site.yml", "inventory/proxmox.yml");
		assertThat(TestLabs.vms(this.lab.proxmox(), "ansible")).hasSize(1);
		assertThat(this.lab.frontdoor().homepageServices()).contains("https://argocd.rehearsal.lan/");
		MatrixFirewalls.assertAsDerived(this.firewallPlan, this.lab, 3, "prometheus", "vault", "gitlab-ce", "ansible");
		assertThat(this.lab.journal().violations()).isEmpty();
		assertNoSecretOfPhase3InTheEngine(output);

		this.lab.journal().clear();
		String again = phase3.start("phase-3-approved");
		phase3.decide(phase3.awaitGate(again), "approve");
		assertThat(phase3.awaitEnd(again)).isEqualTo("phase-3-done");
		assertThat(this.lab.journal().entries()).as("creations by the re-run")
			.noneMatch(e -> e.method().equals("POST")
					&& (e.path().endsWith("/clone") || e.path().endsWith("/deploy_tokens")
							|| e.path().contains("/access/users") || e.path().endsWith("/helmcharts")));
	}

	private List<Integer> earlierVms() {
		return List.of("prometheus", "vault", "gitlab-ce")
			.stream()
			.map(name -> TestLabs.vms(this.lab.proxmox(), name).get(0))
			.map(VmView::vmid)
			.toList();
	}

	private List<String> helmCharts() {
		return this.lab.kubernetes()
			.client()
			.genericKubernetesResources(TestLabs.HELM_CHARTS)
			.inAnyNamespace()
			.list()
			.getItems()
			.stream()
			.map(chart -> chart.getMetadata().getName())
			.toList();
	}

	private void assertNoSecretOfPhase3InTheEngine(CapturedOutput output) {
		Map<String, String> secrets = new LinkedHashMap<>();
		secrets.put("Argo CD admin password", read("argocd/admin-password", "password"));
		secrets.put("inventory token", read("ansible/proxmox-token", "secret"));
		secrets.put("ansible deploy token", read("ansible/gitlab-deploy-token", "token"));
		Secret repository = this.lab.kubernetes()
			.client()
			.secrets()
			.inNamespace("argocd")
			.withName("repo-gitops")
			.get();
		secrets.put("gitops deploy token",
				new String(Base64.getDecoder().decode(repository.getData().get("password")), StandardCharsets.UTF_8));
		assertThat(secrets).allSatisfy((name, value) -> assertThat(value).as(name).isNotBlank());
		assertThat(SecretScan.findings(secrets, SecretScan.tables(this.jdbc))).as("in ACT_* tables").isEmpty();
		assertThat(SecretScan.findings(secrets, List.of(output.getAll()))).as("in the log").isEmpty();
		List<String> ids = this.runs.instances("phase-3-approved");
		assertThat(ids).as("the phase and the processes it called").hasSizeGreaterThan(10);
		assertThat(SecretScan.findings(secrets, SecretScan.restAnswers(this.port, ids))).as("in REST answers")
			.isEmpty();
	}

	private String read(String path, String key) {
		return this.secrets.read(this.vaults.target(null, null), new SecretReference("homelab", "services/" + path),
				key);
	}

	private boolean stored(String path) {
		return this.writer.exists(this.vaults.target(null, null), new SecretReference("homelab", "services/" + path));
	}

}
