package org.homelab.rollout.backup.steps;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import okhttp3.OkHttpClient;
import org.camunda.bpm.engine.ProcessEngine;
import org.homelab.rollout.backup.BackupInventory;
import org.homelab.rollout.backup.PbsCredentials;
import org.homelab.rollout.backup.PbsEndpoint;
import org.homelab.rollout.backup.ProxmoxBackupClients;
import org.homelab.rollout.backup.ProxmoxBackupOperations;
import org.homelab.rollout.backup.PruneJob;
import org.homelab.rollout.backup.VerifyJob;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.rehearsal.backup.PbsLab;
import org.homelab.rollout.rehearsal.proxmox.VmView;
import org.homelab.rollout.support.LabServices;
import org.homelab.rollout.support.ProcessRuns;
import org.homelab.rollout.support.SecretScan;
import org.homelab.rollout.vault.EngineSecrets;
import org.homelab.rollout.vault.SecretGenerator;
import org.homelab.rollout.vault.SecretReference;
import org.homelab.rollout.vault.SecretWriter;
import org.homelab.rollout.vault.VaultConfigurationCheck;
import org.homelab.rollout.vault.VaultSeal;
import org.homelab.rollout.vault.VaultTargets;
import org.homelab.rollout.vault.VaultTlsIssuer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Phase 4.1's building blocks on the embedded lab (contract checks on), after Phase 1.2's
 * Vault: pbs-install on a provisioned proxmox-backup VM gives the datastore a disk of its
 * own, installs PBS, makes the engine's admin user, the datastore with the inventory's
 * prune and verify jobs, PVE's backup token (DatastoreBackup on the datastore only) and
 * the exporter's token straight into Vault, and the exporter answers pbs_up 1; a second
 * run adopts everything and creates nothing; pbs-remove of the second run removes
 * nothing, of the first what it made, leaving the backups unless deleteBackups. No secret
 * in any ACT_* table or the log.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "rollout.vault.state-dir=target/vault-it/${random.uuid}", "rollout.waits.initial-backoff=20ms",
				"rollout.waits.max-backoff=200ms" })
@ActiveProfiles({ "rehearsal", "test" })
@ExtendWith(OutputCaptureExtension.class)
class PbsInstallIntegrationTests {

	private static final List<String> CREATED = List.of("pbsPackageInstalled", "pbsDiskAdded", "pbsDatastoreCreated",
			"pbsPruneJobCreated", "pbsVerifyJobCreated", "pbsEnginePasswordWritten", "pbsEngineUserCreated",
			"pbsPveUserCreated", "pbsPveUserGranted", "pbsPveTokenCreated", "pbsPveTokenGranted", "pbsPveTokenWritten",
			"pbsExporterUserCreated", "pbsExporterUserGranted", "pbsExporterTokenCreated", "pbsExporterTokenGranted",
			"pbsExporterTokenWritten", "pbsExporterInstalled");

	private static final List<String> REMOVAL = List.of("pbsAddress", "pbsFingerprint", "pbsDatastore", "pbsDisk",
			"pbsPruneJobId", "pbsVerifyJobId", "rolloutRun");

	private static final String DEVICE = "/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_drive-scsi1";

	// the same spies as the Vault and GitLab integration tests: one application context
	@MockitoSpyBean
	VaultSeal seal;

	@MockitoSpyBean
	SecretGenerator generator;

	@MockitoSpyBean
	VaultConfigurationCheck check;

	@MockitoSpyBean
	VaultTlsIssuer issuer;

	@Autowired
	RehearsalLab lab;

	@Autowired
	ProcessEngine engine;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	EngineSecrets secrets;

	@Autowired
	SecretWriter writer;

	@Autowired
	VaultTargets vaults;

	@Autowired
	BackupInventory backup;

	@Autowired
	OkHttpClient http;

	private ProcessRuns runs;

	@BeforeEach
	void freshLab() {
		this.lab.reset();
		this.runs = new ProcessRuns(this.engine).within(Duration.ofSeconds(90)).failingOnJobExceptions();
	}

	@AfterEach
	void noContractViolations() {
		assertThat(this.lab.backupServerLab().schemaChecked()).isTrue();
		assertThat(this.lab.journal().violations()).isEmpty();
		this.lab.reset();
	}

	@Test
	void installsAdoptsAndRemovesOnlyWhatEachRunMadeKeepingTheBackups(CapturedOutput output) throws Exception {
		new LabServices(this.runs).vault("pb-vault");
		int vmid = (Integer) this.runs.run("provision-vm", "pb-vm", Map.of("vmName", "proxmox-backup"))
			.variables()
			.get("vmid");
		String store = this.backup.datastore();
		String path = this.backup.datastorePath();

		Map<String, Object> first = install("pb-1");

		assertThat(first).containsEntry("pbsAddress", "127.0.10.25")
			.containsEntry("pbsTokenPath", "homelab/services/proxmox-backup/pve-token")
			.containsEntry("pbsTokenId", "pve-backup@pbs!pve")
			.containsEntry("pbsDatastore", store);
		CREATED.forEach(flag -> assertThat(first).as(flag).containsEntry(flag, true));
		PbsLab pbs = this.lab.backupServerLab().lab(vmid).orElseThrow();
		assertThat((String) first.get("pbsFingerprint")).isEqualToIgnoringCase(pbs.fingerprint());
		// the datastore's own disk: allocated by PVE, formatted, in fstab, mounted at
		// the datastore's path, and the datastore's chunk store on it
		VmView vm = vm(vmid);
		assertThat(vm.config().get("scsi1"))
			.matches("local-lvm:vm-" + vmid + "-disk-\\d+,size=" + this.backup.datastoreSizeGb() + "G");
		assertThat(text(vm, "/etc/fstab")).contains(DEVICE + " " + path + " ext4");
		assertThat(text(vm, "/proc/mounts")).contains("/dev/sdb " + path + " ext4");
		assertThat(pbs.datastores()).containsExactly(store);
		assertThat(vm.files()).containsKey(path + "/.chunks/.lab-chunk-store");
		assertThat(pbs.gcSchedule(store)).contains(this.backup.gcSchedule());
		// no hand-over file left behind
		assertThat(vm.files()).doesNotContainKeys(PbsScripts.PASSWORD_HANDOVER, PbsScripts.EXPORTER_TOKEN_HANDOVER);
		// the jobs, as the engine's own user reads them
		ProxmoxBackupOperations client = client(first);
		BackupInventory.Retention keep = this.backup.retention();
		assertThat(client.jobs().pruneJob((String) first.get("pbsPruneJobId")))
			.contains(new PruneJob((String) first.get("pbsPruneJobId"), store, this.backup.pruneSchedule(),
					keep.keepDaily(), keep.keepWeekly(), keep.keepMonthly()));
		assertThat(client.jobs().verifyJob((String) first.get("pbsVerifyJobId")))
			.contains(new VerifyJob((String) first.get("pbsVerifyJobId"), store, this.backup.verifySchedule(), true,
					EnsurePbsJobsDelegate.REVERIFY_DAYS));
		// PVE's token: in Vault, DatastoreBackup on the datastore only, and it works
		Map<String, String> secrets = new LinkedHashMap<>();
		secrets.put("engine password", read("engine-password", "password"));
		secrets.put("pve token", read("pve-token", "secret"));
		secrets.put("exporter token", read("exporter-token", "secret"));
		assertThat(secrets.values()).doesNotContainNull();
		assertThat(read("pve-token", "token-id")).isEqualTo("pve-backup@pbs!pve");
		assertThat(pbs.acl().stream().filter(entry -> entry.contains("pve-backup@pbs"))).containsExactlyInAnyOrder(
				"/datastore/" + store + " pve-backup@pbs DatastoreBackup",
				"/datastore/" + store + " pve-backup@pbs!pve DatastoreBackup");
		assertThat(this.lab.backupServerLab()
			.connect((String) first.get("pbsAddress"), 8007, (String) first.get("pbsFingerprint"), "pve-backup@pbs!pve",
					secrets.get("pve token"), store))
			.isNotNull();
		// the exporter reads PBS with its audit token
		assertThat(vm.files()).containsKeys(PbsScripts.EXPORTER_BINARY, PbsScripts.EXPORTER_UNIT,
				PbsScripts.EXPORTER_TOKEN_FILE);
		assertThat(text(vm, PbsScripts.EXPORTER_TOKEN_FILE).strip()).isEqualTo(secrets.get("exporter token"));
		assertThat(metrics()).contains("pbs_up 1").contains("pbs_size{datastore=\"" + store + "\"}");
		int requests = this.lab.journal().entries().size();

		Map<String, Object> second = install("pb-2");

		CREATED.forEach(flag -> assertThat(second).as(flag).containsEntry(flag, false));
		assertThat(second).containsEntry("pbsFingerprint", first.get("pbsFingerprint"));
		assertThat(this.lab.journal().entries().stream().skip(requests)).noneMatch(e -> e.method().equals("POST")
				&& (e.path().contains("/access/users") || e.path().contains("/config/")));
		assertThat(read("pve-token", "secret")).isEqualTo(secrets.get("pve token"));
		assertThat(metrics()).contains("pbs_up 1");

		this.runs.run("pbs-remove", "pb-2", removal(second, false));

		assertThat(pbs.tokenIds()).contains("pve-backup@pbs!pve", "monitoring@pbs!pbs-exporter");
		assertThat(pbs.datastores()).containsExactly(store);
		assertThat(read("pve-token", "secret")).isEqualTo(secrets.get("pve token"));
		assertThat(vm(vmid).files()).containsKeys(PbsScripts.EXPORTER_UNIT, PbsScripts.PACKAGE_MARKER);

		Map<String, Object> removed = this.runs.run("pbs-remove", "pb-1", removal(first, false)).variables();

		assertThat(removed).containsKey("pbsRemoved");
		vm = vm(vmid);
		// the package this run installed is purged, the exporter gone
		assertThat(vm.files()).doesNotContainKeys(PbsScripts.PACKAGE_MARKER, PbsScripts.EXPORTER_UNIT,
				PbsScripts.EXPORTER_BINARY, PbsScripts.EXPORTER_TOKEN_FILE);
		assertThat(this.lab.backupServerLab().lab(vmid)).isEmpty();
		// the backups stay: the disk, its mount and the chunk store
		assertThat(vm.config()).containsKey("scsi1");
		assertThat(text(vm, "/proc/mounts")).contains(path);
		assertThat(vm.files()).containsKey(path + "/.chunks/.lab-chunk-store");
		assertThat(stored("pve-token")).isFalse();
		assertThat(stored("exporter-token")).isFalse();
		assertThat(stored("engine-password")).isFalse();

		List<String> haystacks = new ArrayList<>(SecretScan.tables(this.jdbc));
		haystacks.add(output.getAll());
		assertThat(SecretScan.findings(secrets, haystacks)).isEmpty();
	}

	@Test
	void removingWithTheBackupsDeletesTheDatastoreAndTheDiskTheRunAdded() {
		new LabServices(this.runs).vault("pd-vault");
		int vmid = (Integer) this.runs.run("provision-vm", "pd-vm", Map.of("vmName", "proxmox-backup"))
			.variables()
			.get("vmid");
		String path = this.backup.datastorePath();
		Map<String, Object> installed = install("pd-1");
		assertThat(vm(vmid).files()).containsKey(path + "/.chunks/.lab-chunk-store");

		this.runs.run("pbs-remove", "pd-1", removal(installed, true));

		VmView vm = vm(vmid);
		assertThat(vm.files().keySet()).noneMatch(file -> file.startsWith(path + "/.chunks/"));
		assertThat(vm.config()).doesNotContainKey("scsi1");
		assertThat(text(vm, "/proc/mounts")).doesNotContain(path);
		assertThat(text(vm, "/etc/fstab")).doesNotContain(path);
		assertThat(vm.files()).doesNotContainKey(PbsScripts.PACKAGE_MARKER);
		assertThat(stored("pve-token")).isFalse();
	}

	private Map<String, Object> install(String run) {
		Map<String, Object> in = new HashMap<>();
		in.put("vmName", "proxmox-backup");
		in.put("rolloutRun", run);
		return this.runs.run("pbs-install", run, in).variables();
	}

	private static Map<String, Object> removal(Map<String, Object> installed, boolean deleteBackups) {
		Map<String, Object> in = new HashMap<>();
		for (String name : CREATED) {
			in.put(name, installed.get(name));
		}
		for (String name : REMOVAL) {
			in.put(name, installed.get(name));
		}
		in.put("vmName", "proxmox-backup");
		in.put("deleteBackups", deleteBackups);
		return in;
	}

	private ProxmoxBackupOperations client(Map<String, Object> installed) {
		return ProxmoxBackupClients.create(this.http,
				PbsEndpoint.pinned(URI.create("https://" + installed.get("pbsAddress") + ":8007"),
						(String) installed.get("pbsFingerprint")),
				PbsCredentials.password("rollout@pbs", () -> read("engine-password", "password")));
	}

	private String metrics() throws IOException, InterruptedException {
		HttpResponse<String> answer = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.10.25:10019/metrics")).build(),
					HttpResponse.BodyHandlers.ofString());
		assertThat(answer.statusCode()).isEqualTo(200);
		return answer.body();
	}

	private String read(String name, String key) {
		return this.secrets.read(this.vaults.target(null, null),
				new SecretReference("homelab", "services/proxmox-backup/" + name), key);
	}

	private boolean stored(String name) {
		return this.writer.exists(this.vaults.target(null, null),
				new SecretReference("homelab", "services/proxmox-backup/" + name));
	}

	private VmView vm(int vmid) {
		return this.lab.proxmox().vms().stream().filter(v -> v.vmid() == vmid).findFirst().orElseThrow();
	}

	private static String text(VmView vm, String path) {
		byte[] content = vm.files().get(path);
		return (content != null) ? new String(content) : "";
	}

}
