package org.homelab.rollout.phases;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.camunda.bpm.engine.task.Task;
import org.homelab.rollout.matrix.VmFirewallPlan;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.backup.PbsLab;
import org.homelab.rollout.rehearsal.gitlab.GitlabLab;
import org.homelab.rollout.rehearsal.proxmox.PveClient;
import org.homelab.rollout.rehearsal.proxmox.VmView;
import org.homelab.rollout.sops.CommitScan;
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
 * Phase 4 on the lab after Phases 1 to 3 (in the Phase 2 and 3 tests' context: their
 * re-runs adopt what those tests made). Refused with 400 before Phase 3's Argo CD manages
 * anything; a rejected run (backups kept) leaves nothing of Phase 4 but the
 * proxmox-backup VM with the backups on it, and Phases 1 to 3 as they were; an approved
 * run meets the four criteria and the whole integration matrix at the gate, approved by
 * the operator in Tasklist in a real Chromium, after the restore tests and the operator's
 * restore by hand, with every VM backed up in PBS, the runbook in GitLab, Prometheus
 * scraping the exporter, no secret of the phase in the engine and zero contract
 * violations; a re-run creates nothing.
 */
@TestPropertySource(properties = Phase1Context.LATER_PHASES)
@ExtendWith(OutputCaptureExtension.class)
class Phase4BackupIntegrationTests extends Phase1Context {

	static final Duration TIMEOUT = Duration.ofSeconds(300);

	static final List<String> CRITERIA = List.of("proxmoxBackupOperational", "backupSchedulesConfigured",
			"restoreProceduresTested", "disasterRecoveryPlanDocumented");

	/** The VMs of Phases 1 to 3 the backups cover and the restore tests prove. */
	static final List<String> GUARDED = List.of("prometheus", "vault", "gitlab-ce", "ansible");

	static final String STORAGE = "pbs-homelab";

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
	MeterRegistry meters;

	@BeforeAll
	static void toolsInstalled() {
		Tool.CHROMIUM.require("the Phase 4 gate in Tasklist is");
		Tool.ANSIBLE.require("Phases 3 and 4 end to end (the ansible VM's playbooks) are");
	}

	@Test
	void refusedBeforePhase3RejectedOrFailedRunKeepsBackupsOnlyApprovedOneMeetsItsCriteriaAndARerunCreatesNothing(
			CapturedOutput output) throws Exception {
		String foundation = this.phase1.start("phase-4-foundation");
		this.phase1.decide(this.phase1.awaitGate(foundation), "approve");
		assertThat(this.phase1.awaitEnd(foundation)).isEqualTo("phase-1-done");
		Phase2 phase2 = new Phase2(this.lab, this.engine);
		String cicd = phase2.start("phase-4-cicd");
		phase2.decide(phase2.awaitGate(cicd), "approve");
		assertThat(phase2.awaitEnd(cicd)).isEqualTo("phase-2-done");
		PhaseRuns phase3 = new PhaseRuns(this.engine, "phase-3-gitops", 3, Phase3GitopsIntegrationTests.TIMEOUT);
		PhaseRuns phase4 = new PhaseRuns(this.engine, "phase-4-backup", 4, TIMEOUT);

		if (this.lab.argocd().applications().isEmpty()) {
			// the plan runs Phase 4 after all other services are stable
			var refused = new RestStart(this.port, "phase-4-backup").start("phase-4-too-early", "{}");
			assertThat(refused.statusCode()).as(refused.body()).isEqualTo(400);
			assertThat(refused.body()).contains("Phase 4 not started, nothing was created")
				.contains("Phase 3's Argo CD manages nothing")
				.contains("Run phase-3-gitops first");
		}
		String gitops = phase3.start("phase-4-gitops");
		phase3.decide(phase3.awaitGate(gitops), "approve");
		assertThat(phase3.awaitEnd(gitops)).isEqualTo("phase-3-done");
		Earlier earlier = earlier(phase2);

		String rejected = phase4.start("phase-4-rejected");
		completeRestoreProcedure(phase4, rejected);
		phase4.decide(phase4.awaitGate(rejected), "reject");
		assertThat(phase4.awaitEnd(rejected)).isEqualTo("phase-4-rolled-back");
		assertThat(TestLabs.vms(this.lab.proxmox(), "proxmox-backup")).as("the VM holding the backups, kept")
			.hasSize(1);
		assertNothingOfPhase4ButTheBackupsAndPhases1To3Whole(earlier);
		assertThat(this.lab.journal().violations()).isEmpty();

		// a failure for good: PBS refuses PVE's first backup (its datastore full)
		this.lab.faults().arm(FaultInjector.Rule.nth("pbs", "backup", FaultInjector.Kind.DATASTORE_FULL, 1));
		String failed = phase4.start("phase-4-failed");
		assertThat(phase4.awaitEnd(failed)).isEqualTo("phase-4-rolled-back");
		this.lab.faults().disarm();
		assertThat(phase4.runs().variables(failed)).containsEntry("phase4RollbackCause", "BACKUP_FAILED");
		assertThat((String) phase4.runs().variables(failed).get("phase4RollbackMessage"))
			.startsWith("The first backup failed for VM '")
			.contains("No space left on device");
		assertThat(phase4.runs().activities(failed, "test-restores", "test-restore-procedure", "approve-phase-4"))
			.isEmpty();
		assertNothingOfPhase4ButTheBackupsAndPhases1To3Whole(earlier);
		assertThat(this.lab.journal().violations()).isEmpty();

		String approved = phase4.start("phase-4-approved");
		Map<String, Object> restore = completeRestoreProcedure(phase4, approved);
		assertThat(restore).containsEntry("restoreTestsMet", true);
		assertThat((String) restore.get("restoreTestsResult"))
			.contains(GUARDED.stream().map(vm -> vm + ": passed").toList());
		Task gate = phase4.awaitGate(approved);
		Map<String, Object> shown = this.tasks.getVariables(gate.getId());
		for (String criterion : CRITERIA) {
			assertThat(shown).as("%s: %s", criterion, shown.get(criterion + "Result"))
				.containsEntry(criterion + "Met", true);
		}
		assertThat((String) shown.get("integrationMatrixCells")).contains("Proxmox Backup \u2705 Prometheus: MET",
				"Proxmox Backup \u2705 Grafana: MET", "Proxmox Backup \u2705 Vault: MET",
				"Proxmox Backup \u2705 GitLab CE: MET (backups on pbs-homelab: gitlab-ce",
				"Proxmox Backup \u2705 GitLab Runner: MET", "Proxmox Backup \u2705 ArgoCD: MET",
				"Proxmox Backup \u2705 Ansible: MET (backups on pbs-homelab: ansible");
		assertThat(shown).as("%s", shown.get("integrationMatrixCells")).containsEntry("integrationMatrixMet", true);
		// what /actuator/prometheus exports (the test context's registry is not
		// Prometheus's)
		for (String criterion : CRITERIA) {
			assertThat(
					this.meters.find("homelab_rollout_criterion").tag("phase", "4").tag("criterion", criterion).gauge())
				.as(criterion)
				.isNotNull()
				.extracting(Gauge::value)
				.isEqualTo(1.0);
		}
		new OperatorBrowser(this).approvePhase4(shown);
		assertThat(phase4.awaitEnd(approved)).isEqualTo("phase-4-done");

		List<VmView> pbsVms = TestLabs.vms(this.lab.proxmox(), "proxmox-backup");
		assertThat(pbsVms).hasSize(1);
		PbsLab pbs = this.lab.backupServerLab().lab(pbsVms.get(0).vmid()).orElseThrow();
		assertThat(pbs.datastores()).contains("homelab");
		// the rehearsal inventory's existing-vms: the frontend server
		List<Integer> guarded = java.util.stream.Stream.concat(GUARDED.stream(), java.util.stream.Stream.of("frontend"))
			.map(vm -> TestLabs.vms(this.lab.proxmox(), vm).get(0).vmid())
			.toList();
		assertThat(pbs.snapshots("homelab")).extracting(PbsLab.SnapshotView::vmid).containsAll(guarded);
		JsonNode jobs = PveClient.trusting(this.lab.proxmox()).get("/cluster/backup").data();
		assertThat(jobs).as("%s", jobs).anySatisfy(job -> {
			assertThat(job.path("storage").asText()).isEqualTo(STORAGE);
			assertThat(job.path("mode").asText()).isEqualTo("snapshot");
			assertThat(List.of(job.path("vmid").asText().split(",")))
				.containsExactlyInAnyOrderElementsOf(guarded.stream().map(String::valueOf).toList());
		});
		GitlabLab gitlab = earlier.gitlab();
		String runbook = gitlab.files("homelab/gitops", "main").get("docs/disaster-recovery.md");
		assertThat(runbook).as("the runbook in GitLab")
			.contains("# Disaster recovery runbook", "pbs-homelab", "vault", "gitlab-ce");
		// nothing the rollout committed, the runbook with it, holds a secret (paths only)
		for (String project : List.of("homelab/gitops", "homelab/ansible")) {
			assertThat(new CommitScan().findings(gitlab.files(project, "main"))).as(project).isEmpty();
		}
		assertThat(this.lab.frontdoor().homepageServices()).contains("https://proxmox-backup.rehearsal.lan/");
		MatrixFirewalls.assertAsDerived(this.firewallPlan, this.lab, 4, "prometheus", "vault", "gitlab-ce", "ansible",
				"proxmox-backup");
		assertThat(this.lab.journal().violations()).isEmpty();
		assertNoSecretOfPhase4InTheEngine(output);

		this.lab.journal().clear();
		String again = phase4.start("phase-4-approved");
		completeRestoreProcedure(phase4, again);
		phase4.decide(phase4.awaitGate(again), "approve");
		assertThat(phase4.awaitEnd(again)).isEqualTo("phase-4-done");
		assertThat(this.lab.journal().entries()).as("creations by the re-run")
			.noneMatch(e -> e.method().equals("POST") && (e.path().endsWith("/clone") || e.path().endsWith("/storage")
					|| e.path().endsWith("/cluster/backup") || e.path().contains("/access/users")
					|| e.path().endsWith("/config/datastore")));
		assertThat(TestLabs.vms(this.lab.proxmox(), "proxmox-backup")).hasSize(1);
	}

	/**
	 * The operator's half of "Restore procedures tested": waits for the task, reads what
	 * the automated tests found, and confirms a restore by hand.
	 */
	private Map<String, Object> completeRestoreProcedure(PhaseRuns phase4, String run) {
		Task task = phase4.runs().awaitTask(run, "test-restore-procedure");
		Map<String, Object> shown = new LinkedHashMap<>(this.tasks.getVariables(task.getId()));
		phase4.runs()
			.complete(task,
					Map.of("manualRestoreDone", true, "manualRestoreItem", "/etc/hostname from vault's newest backup"));
		return shown;
	}

	private void assertNothingOfPhase4ButTheBackupsAndPhases1To3Whole(Earlier earlier) {
		PveClient pve = PveClient.trusting(this.lab.proxmox());
		assertThat(pve.get("/storage").data()).as("PVE's storage entries")
			.noneMatch(storage -> storage.path("storage").asText().equals(STORAGE));
		assertThat(pve.get("/cluster/backup").data()).as("PVE's backup jobs").isEmpty();
		for (String path : List.of("proxmox-backup/pve-token", "proxmox-backup/exporter-token")) {
			assertThat(stored(path)).as(path + " in Vault").isFalse();
		}
		assertThat(earlier.gitlab().files("homelab/gitops", "main")).as("the runbook removed")
			.doesNotContainKey("docs/disaster-recovery.md");
		assertThat(new FrontDoor(this.lab).files()).as("the front door's files after the rollback")
			.isEqualTo(earlier.frontDoor());
		MatrixFirewalls.assertAsDerived(this.firewallPlan, this.lab, 3, "prometheus", "vault", "gitlab-ce", "ansible");
		assertThat(earlierVms()).as("Phases 1 to 3's VMs").isEqualTo(earlier.vms());
		assertThat(this.phase1.releases()).containsExactlyInAnyOrderElementsOf(Phase1.RELEASES);
		assertThat(earlier.phase2().releases()).containsExactlyElementsOf(Phase2.RELEASES);
		assertThat(this.lab.argocd().applications()).containsEntry("root", "Synced/Healthy");
		for (String path : List.of("gitlab/root-password", "argocd/admin-password", "ansible/proxmox-token")) {
			assertThat(stored(path)).as(path + " in Vault").isTrue();
		}
	}

	/** What Phases 1 to 3 left, to compare with after Phase 4's rollback. */
	private record Earlier(GitlabLab gitlab, List<Integer> vms, Map<String, String> frontDoor, Phase2 phase2) {
	}

	private Earlier earlier(Phase2 phase2) {
		GitlabLab gitlab = this.lab.gitlab().lab(phase2.gitlabVms().get(0).vmid()).orElseThrow();
		return new Earlier(gitlab, earlierVms(), new FrontDoor(this.lab).files(), phase2);
	}

	private List<Integer> earlierVms() {
		return GUARDED.stream().map(name -> TestLabs.vms(this.lab.proxmox(), name).get(0)).map(VmView::vmid).toList();
	}

	private void assertNoSecretOfPhase4InTheEngine(CapturedOutput output) throws Exception {
		Map<String, String> secrets = new LinkedHashMap<>();
		secrets.put("PBS engine password", read("proxmox-backup/engine-password", "password"));
		secrets.put("PVE's PBS token", read("proxmox-backup/pve-token", "secret"));
		secrets.put("exporter token", read("proxmox-backup/exporter-token", "secret"));
		assertThat(secrets).allSatisfy((name, value) -> assertThat(value).as(name).isNotBlank());
		assertThat(SecretScan.findings(secrets, SecretScan.tables(this.jdbc))).as("in ACT_* tables").isEmpty();
		assertThat(SecretScan.findings(secrets, List.of(output.getAll()))).as("in the log").isEmpty();
		List<String> ids = this.runs.instances("phase-4-approved");
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
