package org.homelab.rollout.proxmox.steps;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.homelab.rollout.proxmox.BackupServerCredentials;
import org.homelab.rollout.proxmox.PbsStorage;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.proxmox.RestoreRequest;
import org.homelab.rollout.proxmox.Upid;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.rehearsal.proxmox.InMemoryBackupServers;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLab;
import org.homelab.rollout.rehearsal.proxmox.VmView;
import org.homelab.rollout.support.ProcessRuns;
import org.homelab.rollout.support.TestLabs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * restore-test against the embedded rehearsal lab with an in-memory Proxmox Backup Server
 * plugged into its PVE: the VM is backed up through the client to the pbs storage (as
 * Phase 4 does), then its newest backup is restored isolated, started, checked through
 * its guest agent and destroyed. The same Spring context as ProvisionVmIntegrationTests.
 */
@SpringBootTest(properties = { "rollout.waits.initial-backoff=30ms", "rollout.waits.max-backoff=200ms",
		"rollout.waits.retries=2", "rollout.waits.retry-backoff=200ms",
		"rollout.proxmox.steps.retry-cycle=PT1S,PT1S,PT1S", "rollout.proxmox.client.read-timeout=1s",
		"rollout.proxmox.steps.ssh-keys[0]=ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIB+x/y=z= deploy@rollout",
		"rollout.proxmox.steps.ssh-keys[1]=ssh-rsa AAAAB3Nza+C1yc2E== ops key with spaces" })
@ActiveProfiles({ "rehearsal", "test" })
class RestoreTestIntegrationTests {

	static final String PBS = "127.0.10.41";

	static final String FINGERPRINT = String.join(":", Collections.nCopies(32, "3C"));

	static final String TOKEN = "pve-backup@pbs!homelab";

	static final String SECRET = "restore-test-pbs-token-secret";

	static final String STORAGE = "pbs-homelab";

	/** The prometheus VM as an earlier phase left it (an existing server here). */
	static final int ORIGINAL = 150;

	static final String CONFIG = "/etc/prometheus/prometheus.yml";

	final InMemoryBackupServers servers = new InMemoryBackupServers(PBS, 8007, FINGERPRINT).token(TOKEN, SECRET)
		.datastore("homelab");

	@Autowired
	RehearsalLab rehearsalLab;

	@Autowired
	ProcessEngine engine;

	@Autowired
	ProxmoxOperations proxmox;

	ProxmoxLab lab;

	RequestJournal journal;

	ProcessRuns runs;

	/** What the scratch VM looked like while the run went on (its net0, running). */
	final List<VmView> scratchSeen = Collections.synchronizedList(new ArrayList<>());

	@BeforeEach
	void clean() {
		this.rehearsalLab.reset();
		this.rehearsalLab.backupServers(this.servers);
		this.lab = this.rehearsalLab.proxmox();
		this.journal = this.rehearsalLab.journal();
		this.runs = new ProcessRuns(this.engine).within(Duration.ofSeconds(60))
			.meanwhile(() -> this.scratchSeen.addAll(TestLabs.vms(this.lab, "restore-test-prometheus")));
		// as Phase 4 does before its backup jobs
		this.proxmox.storage()
			.createPbs(PbsStorage.of(STORAGE, PBS, "homelab", FINGERPRINT,
					BackupServerCredentials.of(TOKEN, SECRET.toCharArray())));
	}

	@AfterEach
	void unplug() {
		this.rehearsalLab.faults().disarm();
		this.rehearsalLab.reset();
		assertThat(this.journal.violations()).isEmpty();
	}

	@Test
	void theNewestBackupIsRestoredIsolatedCheckedAndDestroyed() {
		seedPrometheus(true);
		backUp();
		backUp();
		String newest = this.proxmox.storage().backups("pve", STORAGE, ORIGINAL).get(1).volid();
		Map<String, String> original = this.lab.vm(ORIGINAL).orElseThrow().config();
		this.journal.clear();

		Map<String, Object> out = restoreTest("run-restore-1", "prometheus", "prometheus");

		assertThat(out).containsEntry(RestoreTestVariables.MET, true);
		int scratch = (Integer) out.get(ProxmoxVariables.VMID);
		assertThat(scratch).isNotEqualTo(ORIGINAL);
		assertThat((String) out.get(RestoreTestVariables.RESULT)).contains("VM 'prometheus' (VMID 150)")
			.contains(newest)
			.contains("scratch VMID " + scratch)
			.contains("check 'prometheus' passed")
			.contains("/etc/prometheus/prometheus.yml with its scrape configs present")
			.contains("scratch VM destroyed");
		// it ran unplugged: the agent answered without an address
		assertThat(this.scratchSeen).isNotEmpty()
			.allSatisfy(vm -> assertThat(vm.config().get("net0")).contains("link_down=1"));
		assertThat(this.scratchSeen).anySatisfy(vm -> assertThat(vm.running()).isTrue());
		assertThat(out).doesNotContainKey(ProxmoxVariables.ADDRESS);
		assertThat(TestLabs.vms(this.lab, "restore-test-prometheus")).isEmpty();
		assertOriginalUntouched(original);
	}

	@Test
	void aVmWithoutABackupIsReportedUnmetAndNothingIsRestored() {
		seedPrometheus(true);
		this.journal.clear();

		Map<String, Object> out = restoreTest("run-restore-2", "prometheus", "prometheus");

		assertThat(out).containsEntry(RestoreTestVariables.MET, false);
		assertThat((String) out.get(RestoreTestVariables.RESULT))
			.startsWith("No backup of VM 'prometheus' (VMID 150) on storage pbs-homelab");
		assertThat(this.journal.entries("proxmox")).noneMatch(e -> e.method().equals("POST"));
	}

	@Test
	void aVmThatDoesNotExistIsReportedUnmet() {
		Map<String, Object> out = restoreTest("run-restore-3", "vault", "vault");

		assertThat(out).containsEntry(RestoreTestVariables.MET, false);
		assertThat((String) out.get(RestoreTestVariables.RESULT)).startsWith("No VM named 'vault' on Proxmox nodes");
	}

	@Test
	void aFailedRestoreIsUnmetLeavesNoScratchVmAndTheOriginalUntouched() {
		seedPrometheus(true);
		backUp();
		Map<String, String> original = this.lab.vm(ORIGINAL).orElseThrow().config();
		this.rehearsalLab.faults().arm(FaultInjector.Rule.nth("proxmox", "restore", FaultInjector.Kind.TASK_ERROR, 1));

		Map<String, Object> out = restoreTest("run-restore-4", "prometheus", "prometheus");

		assertThat(out).containsEntry(RestoreTestVariables.MET, false);
		assertThat((String) out.get(RestoreTestVariables.RESULT)).startsWith("Restore test failed: VM 'prometheus'")
			.contains("qmrestore")
			.contains("vma extract")
			.contains("was not touched");
		assertThat(TestLabs.vms(this.lab, "restore-test-prometheus")).isEmpty();
		assertOriginalUntouched(original);
	}

	@Test
	void theCheckFailsWhenItsFileWasNotThereAtBackupTime() {
		seedPrometheus(false);
		backUp();
		// written after the backup: the original has it, the backup does not
		this.proxmox.agent("pve").fileWrite(ORIGINAL, CONFIG, "scrape_configs: []\n");

		Map<String, Object> out = restoreTest("run-restore-5", "prometheus", "prometheus");

		assertThat(out).containsEntry(RestoreTestVariables.MET, false);
		assertThat((String) out.get(RestoreTestVariables.RESULT)).contains("restore-check-prometheus")
			.contains("cat: /etc/prometheus/prometheus.yml: No such file or directory")
			.contains("The scratch VM was destroyed");
		assertThat(this.scratchSeen).isNotEmpty();
		assertThat(TestLabs.vms(this.lab, "restore-test-prometheus")).isEmpty();
		assertThat(this.lab.guestFiles(ORIGINAL)).containsKey(CONFIG);
	}

	@Test
	void aRerunAdoptsTheScratchVmItsRunRestoredInsteadOfRestoringTwice() {
		seedPrometheus(true);
		backUp();
		String volid = this.proxmox.storage().backups("pve", STORAGE, ORIGINAL).get(0).volid();
		// the run restored before the engine died, then never got further
		int scratch = this.proxmox.cluster().nextId();
		Upid restored = this.proxmox.backups()
			.restoreAsync("pve", RestoreRequest.of(scratch, volid)
				.isolated("vmbr0", "restore-test-prometheus")
				.withOverride("description", VmOwnership.description("restore-test-prometheus", "run-restore-6")));
		awaitTask(restored);
		this.journal.clear();

		Map<String, Object> out = restoreTest("run-restore-6", "prometheus", "prometheus");

		assertThat(out).containsEntry(RestoreTestVariables.MET, true)
			.containsEntry(RestoreTestVariables.ADOPTED, true)
			.containsEntry(ProxmoxVariables.VMID, scratch);
		assertThat(this.journal.entries("proxmox"))
			.noneMatch(e -> e.method().equals("POST") && e.path().endsWith("/nodes/pve/qemu"));
		assertThat(TestLabs.vms(this.lab, "restore-test-prometheus")).isEmpty();
	}

	private Map<String, Object> restoreTest(String run, String vm, String check) {
		this.scratchSeen.clear();
		return this.runs
			.run("restore-test", run, Map.of(RestoreTestVariables.VM, vm, RestoreTestVariables.CHECK, check))
			.variables();
	}

	private void seedPrometheus(boolean withConfig) {
		Map<String, byte[]> files = new HashMap<>();
		files.put("/usr/bin/prometheus", new byte[0]);
		if (withConfig) {
			files.put(CONFIG, "global:\n  scrape_interval: 15s\nscrape_configs:\n  - job_name: node\n"
				.getBytes(StandardCharsets.UTF_8));
		}
		this.lab.seedRunningVm(ORIGINAL, "prometheus", "127.0.10.21", files);
	}

	private void backUp() {
		awaitTask(this.proxmox.backups().backupAsync("pve", STORAGE, List.of(ORIGINAL)));
	}

	private void awaitTask(Upid upid) {
		await().atMost(Duration.ofSeconds(30)).until(() -> !this.proxmox.tasks("pve").status(upid).running());
		assertThat(this.proxmox.tasks("pve").status(upid).succeeded()).as(upid.text()).isTrue();
	}

	private void assertOriginalUntouched(Map<String, String> before) {
		VmView after = this.lab.vm(ORIGINAL).orElseThrow();
		assertThat(after.running()).isTrue();
		assertThat(after.config()).isEqualTo(before);
	}

}
