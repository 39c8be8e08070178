package org.homelab.rollout.proxmox.steps;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.awaitility.Awaitility;
import org.camunda.bpm.engine.ProcessEngine;
import org.homelab.rollout.proxmox.BackupJob;
import org.homelab.rollout.proxmox.BackupJobRequest;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.proxmox.StorageEntry;
import org.homelab.rollout.proxmox.Upid;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.rehearsal.backup.PbsLab;
import org.homelab.rollout.runner.LabGitlab;
import org.homelab.rollout.support.LabServices;
import org.homelab.rollout.support.ProcessRuns;
import org.homelab.rollout.support.SecretScan;
import org.homelab.rollout.support.TestLabs;
import org.homelab.rollout.vault.EngineSecrets;
import org.homelab.rollout.vault.SecretReference;
import org.homelab.rollout.vault.VaultTargets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
 * backup-setup and backup-remove against the embedded lab: Vault set up by its own
 * building blocks, the lab's Proxmox Backup Server installed on the proxmox-backup VM
 * with its datastore and PVE's token in Vault (as pbs-install leaves them), the
 * prometheus VM as an earlier phase left it, the vault VM provisioned, and the frontend
 * server the lab has (inventory.backup.existing-vms in the rehearsal profile). The
 * context of the runner and Argo CD tests.
 */
@SpringBootTest(properties = { "rollout.vault.state-dir=target/runner-it/${random.uuid}",
		"rollout.waits.initial-backoff=20ms", "rollout.waits.max-backoff=200ms", "rollout.retry-scale=0.02" })
@ActiveProfiles({ "rehearsal", "test" })
@Import(LabGitlab.class)
@ExtendWith(OutputCaptureExtension.class)
class BackupSetupIntegrationTests {

	static final String STORAGE = "pbs-homelab";

	static final int PROMETHEUS = 150;

	@Autowired
	RehearsalLab lab;

	@Autowired
	ProcessEngine engine;

	@Autowired
	ProxmoxOperations proxmox;

	@Autowired
	EngineSecrets secrets;

	@Autowired
	VaultTargets vaults;

	@Autowired
	JdbcTemplate jdbc;

	ProcessRuns runs;

	String fingerprint;

	@BeforeEach
	void homelabWithVaultAndBackupServer() {
		this.lab.reset();
		this.runs = new ProcessRuns(this.engine).within(Duration.ofSeconds(120));
		new LabServices(this.runs).vault("bk-vault");
		this.lab.proxmox().seedRunningVm(PROMETHEUS, "prometheus", "127.0.10.21");
		this.fingerprint = LabBackupServer.install(this.lab, this.proxmox.agent("pve"), this.secrets, this.vaults);
		if (this.engine.getRepositoryService()
			.createProcessDefinitionQuery()
			.processDefinitionKey(CALLER)
			.count() == 0) {
			this.engine.getRepositoryService().createDeployment().addString(CALLER + ".bpmn", CALLER_XML).deploy();
		}
	}

	@AfterEach
	void noContractViolations() {
		this.lab.faults().disarm();
		assertThat(this.lab.journal().violations()).isEmpty();
		this.lab.reset();
	}

	@Test
	void setsUpTakesTheFirstBackupsAdoptsOnASecondRunAndRemovesOnlyWhatItsRunCreated(CapturedOutput output) {
		int vault = TestLabs.vms(this.lab.proxmox(), "vault").get(0).vmid();
		assertThatThrownBy(() -> this.runs.start("backup-setup", "bk-bad",
				Map.of("pbsAddress", LabBackupServer.ADDRESS, "pbsFingerprint", "AA:BB", "pbsTokenPath",
						LabBackupServer.TOKEN_PATH)))
			.hasMessageContaining("not started, nothing was created")
			.hasMessageContaining("pbsFingerprint must be the server certificate's SHA-256 fingerprint");

		ProcessRuns.Run first = this.runs.run("backup-setup", "bk-1", in());

		Map<String, Object> made = first.variables();
		assertThat(made).containsEntry(BackupSetupVariables.STORAGE_CREATED, true)
			.containsEntry(BackupSetupVariables.JOB_CREATED, true)
			.containsEntry(BackupSetupVariables.JOB_ID, "homelab-rollout")
			.containsEntry(BackupSetupVariables.COMPLETED, 3);
		// the rollout's VMs that exist (proxmox-backup not: no backup into itself) and
		// the existing frontend server, by VMID
		List<Integer> covered = List.of(RehearsalLab.FRONTEND_VMID, vault, PROMETHEUS).stream().sorted().toList();
		assertThat(List.of(((String) made.get(BackupSetupVariables.VMS)).split(",")))
			.containsExactlyInAnyOrder("frontend", "vault", "prometheus");
		assertThat((String) made.get(BackupSetupVariables.VMIDS))
			.isEqualTo(String.join(",", covered.stream().map(String::valueOf).toList()));
		assertThat(this.proxmox.storage().status("pve", STORAGE).active()).isTrue();
		StorageEntry entry = this.proxmox.storage().find(STORAGE).orElseThrow();
		assertThat(entry.type()).isEqualTo("pbs");
		assertThat(entry.server()).isEqualTo(LabBackupServer.ADDRESS);
		assertThat(entry.datastore()).isEqualTo(LabBackupServer.STORE);
		assertThat(entry.fingerprint()).isEqualToIgnoringCase(this.fingerprint);
		assertThat(entry.username()).isEqualTo(LabBackupServer.TOKEN_ID);
		BackupJob job = this.proxmox.backups().job("homelab-rollout").orElseThrow();
		assertThat(job.vmids()).containsExactlyElementsOf(covered);
		assertThat(job.schedule()).isEqualTo("02:30");
		assertThat(job.storage()).isEqualTo(STORAGE);
		assertThat(job.mode()).isEqualTo("snapshot");
		assertThat(job.notesTemplate()).isEqualTo("{{guestname}}");
		assertThat(job.notificationMode()).isEqualTo("legacy-sendmail");
		assertThat(job.mailto()).isEqualTo("ops@rehearsal.lan");
		assertThat(job.mailnotification()).isEqualTo("failure");
		// each covered VM has its snapshot in PBS, and the run names exactly those
		PbsLab pbs = this.lab.backupServerLab().lab(LabBackupServer.VMID).orElseThrow();
		assertThat(pbs.snapshots(LabBackupServer.STORE)).extracting(PbsLab.SnapshotView::vmid)
			.containsExactlyInAnyOrderElementsOf(covered);
		assertThat(List.of(((String) made.get(BackupSetupVariables.VOLUMES)).split(","))).hasSize(3)
			.allMatch(volid -> volid.startsWith(STORAGE + ":backup/vm/"));
		// the token's secret is nowhere in the engine: not in a variable, history or log
		String secret = this.secrets.read(this.vaults.target(null, null),
				new SecretReference("homelab", LabBackupServer.TOKEN_PATH), BackupSetupSteps.SECRET_KEY);
		assertThat(secret).isNotBlank();
		List<String> tables = SecretScan.tables(this.jdbc);
		assertThat(tables).anyMatch(row -> row.contains("backup-setup"));
		assertThat(SecretScan.findings(Map.of("PBS token secret", secret), tables)).isEmpty();
		assertThat(SecretScan.findings(Map.of("PBS token secret", secret), List.of(output.getAll()))).isEmpty();

		// someone moved the job's time: the second run puts the inventory's back
		this.proxmox.backups().updateJob(BackupJobRequest.of("homelab-rollout", "03:15", STORAGE, covered));

		Map<String, Object> again = this.runs.run("backup-setup", "bk-2", in()).variables();

		assertThat(again).containsEntry(BackupSetupVariables.STORAGE_CREATED, false)
			.containsEntry(BackupSetupVariables.JOB_CREATED, false)
			.containsEntry(BackupSetupVariables.COMPLETED, 3)
			.containsEntry(BackupSetupVariables.VMIDS, made.get(BackupSetupVariables.VMIDS));
		assertThat(this.proxmox.backups().jobs()).extracting(BackupJob::id).containsExactly("homelab-rollout");
		assertThat(this.proxmox.backups().job("homelab-rollout").orElseThrow().schedule()).isEqualTo("02:30");
		assertThat(this.proxmox.storage().list()).filteredOn(s -> s.type().equals("pbs"))
			.extracting(StorageEntry::storage)
			.containsExactly(STORAGE);
		assertThat(pbs.snapshots(LabBackupServer.STORE)).hasSize(6);

		// the second run's undo keeps what it adopted
		this.runs.run("backup-remove", "bk-2", remove(again));
		assertThat(this.proxmox.backups().job("homelab-rollout")).isPresent();
		assertThat(this.proxmox.storage().find(STORAGE)).isPresent();

		// the first run's undo removes what it made; the snapshots stay in PBS
		this.runs.run("backup-remove", "bk-1", remove(made));
		assertThat(this.proxmox.backups().jobs()).isEmpty();
		assertThat(this.proxmox.storage().find(STORAGE)).isEmpty();
		assertThat(pbs.snapshots(LabBackupServer.STORE)).hasSize(6);
	}

	@Test
	void aBackupThatFailsInPbsEndsInBackupFailedNamingTheVmAndAMissingExistingVmIsRefused() {
		this.lab.faults().arm(FaultInjector.Rule.nth("pbs", "backup", FaultInjector.Kind.DATASTORE_FULL, 1));

		ProcessRuns.Run caller = this.runs.run(CALLER, "bk-3", in());

		assertThat(this.runs.passed(caller.id(), "backup-failed")).isTrue();
		String setup = this.runs.last("backup-setup");
		assertThat(this.runs.passed(setup, "backup-failed")).isTrue();
		// the first VM vzdump backs up is the one PBS refused; the others were backed up
		String firstVm = ((String) this.runs.variable(setup, BackupSetupVariables.VMS)).split(",")[0];
		String firstVmid = ((String) this.runs.variable(setup, BackupSetupVariables.VMIDS)).split(",")[0];
		assertThat((String) caller.variables().get(BackupSetupVariables.FAILURE))
			.startsWith("The first backup failed for VM '" + firstVm + "' (VMID " + firstVmid + " on pve): ")
			.contains("No space left on device")
			.contains("job errors");
		assertThat(this.runs.variable(setup, BackupSetupVariables.COMPLETED)).isNull();
		assertThat(this.lab.backupServerLab().lab(LabBackupServer.VMID).orElseThrow().snapshots(LabBackupServer.STORE))
			.extracting(PbsLab.SnapshotView::vmid)
			.doesNotContain(Integer.valueOf(firstVmid));
		// what it made it removed itself before failing: its caller cancels it, which
		// compensates nothing
		assertThat(this.runs.variable(setup, BackupSetupVariables.STORAGE_CREATED)).isEqualTo(true);
		assertThat(this.runs.variable(setup, BackupSetupVariables.JOB_CREATED)).isEqualTo(true);
		assertThat(this.runs.passed(setup, "undo-own-work")).isTrue();
		assertThat(this.proxmox.backups().jobs()).isEmpty();
		assertThat(this.proxmox.storage().find(STORAGE)).isEmpty();

		// an existing service's VM the inventory names but Proxmox lacks: refused
		// before any job is written, never skipped
		await(this.proxmox.vms("pve").stopAsync(RehearsalLab.FRONTEND_VMID));
		await(this.proxmox.vms("pve").deleteAsync(RehearsalLab.FRONTEND_VMID));

		ProcessRuns.Run refused = this.runs.run(CALLER, "bk-4", in());

		assertThat(this.runs.passed(refused.id(), "backup-failed")).isTrue();
		assertThat((String) refused.variables().get(BackupSetupVariables.FAILURE))
			.startsWith("inventory.backup.existing-vms names VM(s) [frontend] that Proxmox VE nodes [pve] do not have")
			.contains("no backup job was written");
		assertThat(this.proxmox.backups().jobs()).isEmpty();
		// the storage entry this run made before the refusal is gone again
		assertThat(this.proxmox.storage().find(STORAGE)).isEmpty();
	}

	/** A phase as it would call backup-setup: BACKUP_FAILED caught with its message. */
	static final String CALLER = "backup-setup-caller";

	static final String CALLER_XML = """
			<?xml version="1.0" encoding="UTF-8"?>
			<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
			    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="caller" targetNamespace="http://homelab.org/test">
			  <bpmn:process id="backup-setup-caller" isExecutable="true" camunda:historyTimeToLive="P1D">
			    <bpmn:startEvent id="started" />
			    <bpmn:sequenceFlow id="f1" sourceRef="started" targetRef="setup" />
			    <bpmn:callActivity id="setup" calledElement="backup-setup">
			      <bpmn:extensionElements>
			        <camunda:in businessKey="#{execution.processBusinessKey}" />
			        <camunda:in source="pbsAddress" target="pbsAddress" />
			        <camunda:in source="pbsFingerprint" target="pbsFingerprint" />
			        <camunda:in source="pbsTokenPath" target="pbsTokenPath" />
			      </bpmn:extensionElements>
			    </bpmn:callActivity>
			    <bpmn:boundaryEvent id="setup-failed" attachedToRef="setup">
			      <bpmn:errorEventDefinition errorRef="backup-failed-error" camunda:errorMessageVariable="backupError" />
			    </bpmn:boundaryEvent>
			    <bpmn:sequenceFlow id="f2" sourceRef="setup" targetRef="ended" />
			    <bpmn:endEvent id="ended" />
			    <bpmn:sequenceFlow id="f3" sourceRef="setup-failed" targetRef="backup-failed" />
			    <bpmn:endEvent id="backup-failed" />
			  </bpmn:process>
			  <bpmn:error id="backup-failed-error" errorCode="BACKUP_FAILED" />
			</bpmn:definitions>
			""";

	private void await(Upid upid) {
		Awaitility.await()
			.atMost(Duration.ofSeconds(30))
			.until(() -> !this.proxmox.tasks("pve").status(upid).running());
	}

	private Map<String, Object> in() {
		Map<String, Object> in = new HashMap<>();
		in.put(BackupSetupVariables.PBS_ADDRESS, LabBackupServer.ADDRESS);
		in.put(BackupSetupVariables.PBS_FINGERPRINT, this.fingerprint);
		in.put(BackupSetupVariables.PBS_TOKEN_PATH, LabBackupServer.TOKEN_PATH);
		return in;
	}

	private static Map<String, Object> remove(Map<String, Object> made) {
		Map<String, Object> in = new HashMap<>();
		for (String name : List.of(BackupSetupVariables.STORAGE_CREATED, BackupSetupVariables.JOB_CREATED,
				BackupSetupVariables.JOB_ID, BackupSetupVariables.VOLUMES)) {
			in.put(name, made.get(name));
		}
		return in;
	}

}
