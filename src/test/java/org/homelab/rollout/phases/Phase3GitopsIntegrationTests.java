package org.homelab.rollout.phases;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.management.JobDefinition;
import org.camunda.bpm.engine.task.Task;
import org.homelab.rollout.gitlab.GitlabDeployToken;
import org.homelab.rollout.gitlab.GitlabOperations;
import org.homelab.rollout.matrix.VmFirewallPlan;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.proxmox.ProxmoxVmOperations;
import org.homelab.rollout.proxmox.TaskStatus;
import org.homelab.rollout.proxmox.Upid;
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

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Phase 3 on the lab after Phases 1 and 2 (in the Phase 2 test's context: a re-run of
 * those adopts what that test made): a rejected run, and one that fails for good after
 * Argo CD's block (3.1) finished (its ansible VM deleted by hand before ansible-install),
 * leave nothing of Phase 3 and Phases 1 and 2 as they were; an approved run meets the
 * four criteria at the gate, with Argo CD managing the app-of-apps from GitLab, approved
 * by the operator in Tasklist in a real Chromium, the ansible VM's playbooks idempotent
 * against the Proxmox inventory, Prometheus scraping both, no secret of the phase in the
 * engine, and zero contract violations; a re-run creates nothing.
 */
@TestPropertySource(properties = Phase1Context.LATER_PHASES)
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

	@Autowired
	ManagementService management;

	@Autowired
	ProxmoxOperations proxmox;

	@Autowired
	ObjectProvider<GitlabOperations> gitlabClient;

	@BeforeAll
	static void browserInstalled() {
		Tool.CHROMIUM.require("the Phase 3 gate in Tasklist is");
		Tool.ANSIBLE.require("Phase 3 end to end (the ansible VM's inventory and playbooks) is");
	}

	@Test
	void rejectedOrFailedPhase3LeavesPhases1And2WholeApprovedOneMeetsItsCriteriaAndARerunCreatesNothing(
			CapturedOutput output) {
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
		Earlier earlier = new Earlier(gitlab, earlierVms, frontDoor, phase2);
		assertNothingOfPhase3AndPhases1And2Whole(earlier);

		String revertedOnce = gitlab.revision("homelab/gitops", "main").orElseThrow();
		String failed = failAfterArgocdFinished(phase3);
		assertThat(phase3.awaitEnd(failed)).isEqualTo("phase-3-rolled-back");
		assertThat(phase3.runs().variables(failed)).containsEntry("phase3RollbackCause", "ANSIBLE_FAILED");
		assertThat(phase3.runs().activities(failed, "approve-phase-3", "monitor-argocd", "remove-ansible")).isEmpty();
		assertThat(phase3.runs()
			.activities(failed, "unexpose-argocd", "unpublish-gitops", "remove-argocd", "destroy-ansible-vm",
					"close-vault-to-phase-3", "close-gitlab-to-phase-3"))
			.as("the undo of every step that finished")
			.hasSize(6);
		assertThat(gitlab.revision("homelab/gitops", "main")).as("the run's commits reverted by a commit of its own")
			.isPresent()
			.isNotEqualTo(Optional.of(revertedOnce));
		assertNothingOfPhase3AndPhases1And2Whole(earlier);
		assertThat(this.lab.journal().violations()).isEmpty();

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

	/**
	 * A failure after 3.1 finished: the ansible branch is held before ansible-install
	 * (its job suspended) until Argo CD is installed, has published the app-of-apps and
	 * is behind the front door, and the firewalls are open; then the ansible VM is
	 * deleted as someone might by hand, and the branch goes on: ansible-install finds no
	 * VM and fails for good.
	 */
	private String failAfterArgocdFinished(PhaseRuns phase3) {
		List<JobDefinition> held = this.management.createJobDefinitionQuery()
			.processDefinitionKey("phase-3-gitops")
			.activityIdIn("install-ansible")
			.list();
		held.forEach(definition -> this.management.suspendJobDefinitionById(definition.getId()));
		try {
			String failed = phase3.start("phase-3-failed");
			phase3.runs()
				.awaitFinished(failed, "install-argocd", "publish-gitops", "expose-argocd", "provision-ansible-vm",
						"open-gitlab-to-phase-3");
			await().atMost(TIMEOUT)
				.until(() -> this.management.createJobQuery()
					.processInstanceId(failed)
					.activityId("install-ansible")
					.suspended()
					.count() == 1);
			assertThat(this.lab.argocd().applications()).containsEntry("root", "Synced/Healthy");
			List<VmView> vms = TestLabs.vms(this.lab.proxmox(), "ansible");
			assertThat(vms).as("the ansible VM this run created").hasSize(1);
			deleteByHand(vms.get(0));
			return failed;
		}
		finally {
			held.forEach(definition -> this.management.activateJobDefinitionById(definition.getId(), true));
		}
	}

	/** Stops and deletes the VM through the Proxmox API, as an operator in its UI. */
	private void deleteByHand(VmView vm) {
		ProxmoxVmOperations vms = this.proxmox.vms(vm.node());
		awaitTask(vm.node(), vms.stopAsync(vm.vmid()));
		awaitTask(vm.node(), vms.deleteAsync(vm.vmid()));
		assertThat(TestLabs.vms(this.lab.proxmox(), "ansible")).isEmpty();
	}

	private void awaitTask(String node, Upid task) {
		TaskStatus status = await().atMost(Duration.ofSeconds(60))
			.until(() -> this.proxmox.tasks(node).status(task), s -> !s.running());
		assertThat(status.succeeded()).as("%s: %s", task.text(), status.exitstatus()).isTrue();
	}

	/**
	 * After a rollback: no ansible VM, Argo CD release or Application, no active deploy
	 * token of gitops or ansible, their commits reverted, no Vault entry or Proxmox user
	 * of Phase 3, the front door and firewalls as Phase 2 left them; Phases 1 and 2's
	 * VMs, releases, GitLab projects, runners and secrets as they were.
	 */
	private void assertNothingOfPhase3AndPhases1And2Whole(Earlier earlier) {
		GitlabLab gitlab = earlier.gitlab();
		assertThat(TestLabs.vms(this.lab.proxmox(), "ansible")).as("the ansible VM this run created").isEmpty();
		assertThat(helmCharts()).doesNotContain("argocd");
		assertThat(applications()).as("Argo CD's Applications").isEmpty();
		assertThat(gitlab.files("homelab/gitops", "main")).as("the run's commits reverted").isEmpty();
		assertThat(gitlab.files("homelab/ansible", "main")).as("the run's commits reverted").isEmpty();
		GitlabOperations client = this.gitlabClient.getObject();
		for (String project : List.of("homelab/gitops", "homelab/ansible")) {
			long id = client.projects().findByPath(project).orElseThrow().id();
			assertThat(client.deployTokens().list(id)).as("deploy tokens of " + project)
				.noneMatch(GitlabDeployToken::active);
		}
		for (String path : List.of("argocd/admin-password", "argocd/gitops-deploy-token", "ansible/proxmox-token",
				"ansible/gitlab-deploy-token")) {
			assertThat(stored(path)).as(path + " in Vault").isFalse();
		}
		assertThat(PveClient.trusting(this.lab.proxmox()).get("/access/users").data())
			.noneMatch(user -> user.path("userid").asText().equals("ansible@pve"));
		assertThat(new FrontDoor(this.lab).files()).as("the front door's files after the rollback")
			.isEqualTo(earlier.frontDoor());
		MatrixFirewalls.assertAsDerived(this.firewallPlan, this.lab, 2, "prometheus", "vault", "gitlab-ce");
		assertThat(earlierVms()).as("Phases 1 and 2's VMs").isEqualTo(earlier.vms());
		assertThat(this.phase1.releases()).containsExactlyInAnyOrderElementsOf(Phase1.RELEASES);
		assertThat(earlier.phase2().releases()).containsExactlyElementsOf(Phase2.RELEASES);
		assertThat(gitlab.projects()).contains("homelab/gitops", "homelab/ansible", "homelab/ci-smoke");
		assertThat(gitlab.runners()).hasSize(2);
		for (String path : List.of("gitlab/root-password", "gitlab/engine-token")) {
			assertThat(stored(path)).as(path + " in Vault").isTrue();
		}
	}

	/** What Phases 1 and 2 left, to compare with after Phase 3's rollbacks. */
	private record Earlier(GitlabLab gitlab, List<Integer> vms, Map<String, String> frontDoor, Phase2 phase2) {
	}

	private List<String> applications() {
		try {
			return this.lab.kubernetes()
				.client()
				.genericKubernetesResources("argoproj.io/v1alpha1", "Application")
				.inAnyNamespace()
				.list()
				.getItems()
				.stream()
				.map(app -> app.getMetadata().getName())
				.toList();
		}
		catch (KubernetesClientException ex) {
			// no Application CRD left: no Application either
			if (ex.getCode() == 404) {
				return List.of();
			}
			throw ex;
		}
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
