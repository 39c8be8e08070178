package org.homelab.rollout.proxmox;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.GuestCommand;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.rehearsal.proxmox.BackupServers;
import org.homelab.rollout.rehearsal.proxmox.InMemoryBackupServers;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLab;
import org.homelab.rollout.rehearsal.proxmox.ProxmoxLabSettings;
import org.homelab.rollout.rehearsal.proxmox.VmView;
import org.homelab.rollout.support.Contract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * PVE's side of Phase 4 through the client against the lab, its schema check on: a pbs
 * storage with a pinned fingerprint, backup jobs, backups now and at their schedule, and
 * restores to an isolated scratch guest that never touch the original.
 */
class ProxmoxBackupTests {

	static final String PBS = "127.0.10.30";

	static final String FINGERPRINT = String.join(":", java.util.Collections.nCopies(32, "5E"));

	static final String TOKEN = "pve-backup@pbs!homelab";

	static final String SECRET = "0e7c1f8a-pbs-token-secret";

	static final RequestJournal journal = new RequestJournal();

	static final InMemoryBackupServers servers = new InMemoryBackupServers(PBS, 8007, FINGERPRINT).token(TOKEN, SECRET)
		.datastore("homelab");

	/** What a service in the guest would listen on. */
	static final GuestCommand LISTEN_ADDRESS = new GuestCommand() {

		@Override
		public boolean handles(List<String> argv) {
			return argv.get(0).equals("listen-address");
		}

		@Override
		public Result run(Guest guest, List<String> argv, String stdin) {
			return Result.ok(guest.address().getHostAddress());
		}

	};

	static ProxmoxLab lab;

	static ProxmoxOperations proxmox;

	@BeforeAll
	static void start() {
		lab = new ProxmoxLab(ProxmoxLabSettings.defaults()
			.withJournal(journal)
			.withLatency(Latency.scaled(0.002))
			.withBackupServers(servers)
			.withGuestCommands(List.of(LISTEN_ADDRESS))
			.withTimeoutDelay(Duration.ofSeconds(3)));
		lab.start();
		proxmox = LabSites.client(lab);
	}

	@AfterAll
	static void stop() {
		lab.close();
	}

	@BeforeEach
	void clean() {
		lab.reset();
		servers.clear();
		journal.clear();
	}

	@AfterEach
	void everyRequestMatchedThePublishedSchema() {
		lab.settings().faults().disarm();
		assertThat(lab.schemaChecked()).isEqualTo(Contract.PROXMOX_VE.present());
		assertThat(journal.violations()).isEmpty();
	}

	static BackupServerCredentials credentials() {
		return BackupServerCredentials.of(TOKEN, SECRET.toCharArray());
	}

	static void createStorage() {
		proxmox.storage().createPbs(PbsStorage.of("pbs-homelab", PBS, "homelab", FINGERPRINT, credentials()));
	}

	@Test
	void aPbsStorageIsCreatedWithItsFingerprintFoundActiveAndDeleted() {
		assertThat(proxmox.storage().find("pbs-homelab")).isEmpty();
		createStorage();

		StorageEntry entry = proxmox.storage().find("pbs-homelab").orElseThrow();
		assertThat(entry.type()).isEqualTo("pbs");
		assertThat(entry.server()).isEqualTo(PBS);
		assertThat(entry.datastore()).isEqualTo("homelab");
		assertThat(entry.fingerprint()).isEqualTo(FINGERPRINT);
		assertThat(entry.username()).isEqualTo(TOKEN);
		assertThat(entry.port()).isEqualTo(8007);
		assertThat(entry.content()).containsExactly("backup");
		assertThat(entry.values()).doesNotContainKey("password").doesNotContainValue(SECRET);
		assertThat(proxmox.storage().list()).extracting(StorageEntry::storage)
			.containsExactly("local", "local-lvm", "pbs-homelab");

		StorageStatus status = proxmox.storage().status("pve", "pbs-homelab");
		assertThat(status.active()).isTrue();
		assertThat(status.enabled()).isTrue();
		assertThat(status.type()).isEqualTo("pbs");
		assertThat(status.total()).isEqualTo(servers.store("homelab").total());

		assertThatThrownBy(ProxmoxBackupTests::createStorage).isInstanceOf(ProxmoxApiException.class)
			.hasMessageContaining("already defined");

		proxmox.storage().delete("pbs-homelab");
		assertThat(proxmox.storage().find("pbs-homelab")).isEmpty();
	}

	@Test
	void aWrongFingerprintTokenOrDatastoreIsRefusedAndLeavesNoEntry() {
		assertThatThrownBy(() -> proxmox.storage()
			.createPbs(PbsStorage.of("pbs-homelab", PBS, "homelab", InMemoryBackupServers.OTHER_FINGERPRINT,
					credentials())))
			.isInstanceOfSatisfying(ProxmoxApiException.class,
					ex -> assertThat(ex.reason()).contains("pbs-homelab: error fetching datastores - fingerprint")
						.contains("not verified"))
			.hasMessageNotContaining(SECRET);
		assertThatThrownBy(() -> proxmox.storage()
			.createPbs(PbsStorage.of("pbs-homelab", PBS, "homelab", FINGERPRINT,
					BackupServerCredentials.of(TOKEN, "wrong-secret".toCharArray()))))
			.isInstanceOf(ProxmoxApiException.class)
			.hasMessageContaining("authentication failed")
			.hasMessageNotContaining("wrong-secret");
		assertThatThrownBy(() -> proxmox.storage()
			.createPbs(PbsStorage.of("pbs-homelab", PBS, "nosuch", FINGERPRINT, credentials())))
			.isInstanceOf(ProxmoxApiException.class)
			.hasMessageContaining("Cannot find datastore 'nosuch'");
		assertThat(proxmox.storage().find("pbs-homelab")).isEmpty();

		// without a fingerprint the client refuses before any call: never trust on first
		// use
		journal.clear();
		assertThatThrownBy(() -> PbsStorage.of("pbs-homelab", PBS, "homelab", null, credentials()))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("fingerprint");
		assertThat(journal.entries()).isEmpty();
	}

	@Test
	void theTokenSecretIsInNoTextTheClientMakes() {
		BackupServerCredentials credentials = credentials();
		PbsStorage storage = PbsStorage.of("pbs-homelab", PBS, "homelab", FINGERPRINT, credentials);
		assertThat(credentials.toString()).contains(TOKEN).doesNotContain(SECRET);
		assertThat(storage.toString()).contains("pbs-homelab").doesNotContain(SECRET);
		assertThat(credentials.secret()).isEqualTo(SECRET);
		credentials.wipe();
		assertThat(credentials.secret()).doesNotContain(SECRET);
	}

	@Test
	void backupJobsAreCreatedFoundUpdatedAndDeleted() {
		createStorage();
		int vmid = cloneOf("vault");
		BackupJobRequest nightly = BackupJobRequest.of("rollout-nightly", "*-*-* 02:30", "pbs-homelab", List.of(vmid))
			.withNotesTemplate("{{guestname}}")
			.withComment("homelab-rollout Phase 4")
			.withNotification(BackupJobRequest.Notification.mailOnFailure("root@pam"));
		proxmox.backups().createJob(nightly);

		BackupJob job = proxmox.backups().job("rollout-nightly").orElseThrow();
		assertThat(job.schedule()).isEqualTo("*-*-* 02:30");
		assertThat(job.storage()).isEqualTo("pbs-homelab");
		assertThat(job.vmids()).containsExactly(vmid);
		assertThat(job.mode()).isEqualTo("snapshot");
		assertThat(job.enabled()).isTrue();
		assertThat(job.notesTemplate()).isEqualTo("{{guestname}}");
		assertThat(job.notificationMode()).isEqualTo("legacy-sendmail");
		assertThat(job.mailto()).isEqualTo("root@pam");
		assertThat(job.mailnotification()).isEqualTo("failure");
		assertThat(proxmox.backups().jobs()).extracting(BackupJob::id).containsExactly("rollout-nightly");
		assertThatThrownBy(() -> proxmox.backups().createJob(nightly)).isInstanceOf(ProxmoxApiException.class)
			.hasMessageContaining("already exists");

		proxmox.backups()
			.updateJob(BackupJobRequest.of("rollout-nightly", "mon..fri 03:15", "pbs-homelab", List.of(vmid, 9000))
				.withNotification(BackupJobRequest.Notification.notificationSystem()));
		BackupJob updated = proxmox.backups().job("rollout-nightly").orElseThrow();
		assertThat(updated.schedule()).isEqualTo("mon..fri 03:15");
		assertThat(updated.vmids()).containsExactly(vmid, 9000);
		assertThat(updated.notificationMode()).isEqualTo("notification-system");

		proxmox.backups().deleteJob("rollout-nightly");
		assertThat(proxmox.backups().job("rollout-nightly")).isEmpty();
		assertThat(proxmox.backups().jobs()).isEmpty();
	}

	@Test
	void aBackupToPbsRestoresToAnIsolatedScratchGuestWithTheFilesOfThen() {
		createStorage();
		int original = runningGuest("vault");
		proxmox.agent("pve").fileWrite(original, "/etc/vault.d/vault.hcl", "storage \"raft\" {} # v1");

		TaskStatus backup = waitFor(proxmox.backups().backupAsync("pve", "pbs-homelab", List.of(original)));
		assertThat(backup.succeeded()).as(backup.exitstatus()).isTrue();
		assertThat(servers.store("homelab").snapshots(original)).singleElement()
			.satisfies(s -> assertThat(new String(s.files().get("/etc/vault.d/vault.hcl"))).endsWith("v1"));
		List<BackupVolume> backups = proxmox.storage().backups("pve", "pbs-homelab", original);
		assertThat(backups).singleElement()
			.satisfies(b -> assertThat(b.volid())
				.matches("pbs-homelab:backup/vm/" + original + "/\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"))
			.satisfies(b -> assertThat(b.format()).isEqualTo("pbs-vm"));
		proxmox.agent("pve").fileWrite(original, "/etc/vault.d/vault.hcl", "storage \"raft\" {} # v2");

		int scratch = proxmox.cluster().nextId();
		TaskStatus restore = waitFor(proxmox.backups()
			.restoreAsync("pve",
					RestoreRequest.of(scratch, backups.get(0).volid())
						.withStorage("local-lvm")
						.isolated("vmbr0", "restore-check-vault")));
		assertThat(restore.succeeded()).as(restore.exitstatus()).isTrue();
		VmConfig config = proxmox.vms("pve").config(scratch);
		assertThat(config.values().get("net0")).contains("link_down=1");
		assertThat(config.name()).isEqualTo("restore-check-vault");
		assertThat(config.values().get("scsi0")).startsWith("local-lvm:vm-" + scratch + "-disk-0");
		assertThat(config.values()).containsEntry("cores", "2");

		assertThat(waitFor(proxmox.vms("pve").startAsync(scratch)).succeeded()).isTrue();
		await().atMost(Duration.ofSeconds(10))
			.ignoreExceptionsMatching(ex -> ex instanceof ProxmoxApiException api && api.agentNotRunning())
			.untilAsserted(() -> proxmox.agent("pve").ping(scratch));
		assertThat(proxmox.agent("pve").fileRead(scratch, "/etc/vault.d/vault.hcl")).endsWith("v1");
		assertThat(proxmox.agent("pve").fileRead(original, "/etc/vault.d/vault.hcl")).endsWith("v2");
		// unplugged: no lease, no address that could answer in the original's place
		assertThat(lab.vm(scratch).orElseThrow().address()).isNull();
		assertThat(proxmox.agent("pve").networkInterfaces(scratch)).filteredOn(i -> !i.loopback())
			.flatExtracting(GuestInterface::ipv4Addresses)
			.isEmpty();
		// its services listen apart from the original's
		String originalAt = lab.vm(original).orElseThrow().address();
		assertThat(listenAddress(original)).isEqualTo(originalAt);
		assertThat(listenAddress(scratch)).startsWith("127.0.11.").isNotEqualTo(originalAt);

		assertThat(waitFor(proxmox.vms("pve").stopAsync(scratch)).succeeded()).isTrue();
		assertThat(waitFor(proxmox.vms("pve").deleteAsync(scratch)).succeeded()).isTrue();
		assertThat(lab.vm(scratch)).isEmpty();
		assertThat(lab.vm(original).orElseThrow().running()).isTrue();
	}

	@Test
	void aFailedRestoreLeavesNoGuestAndTheOriginalUntouched() {
		createStorage();
		int original = runningGuest("gitlab");
		proxmox.agent("pve").fileWrite(original, "/etc/gitlab/gitlab.rb", "external_url 'https://gitlab'");
		assertThat(waitFor(proxmox.backups().backupAsync("pve", "pbs-homelab", List.of(original))).succeeded())
			.isTrue();
		String volid = proxmox.storage().backups("pve", "pbs-homelab", original).get(0).volid();
		VmView before = lab.vm(original).orElseThrow();

		int scratch = proxmox.cluster().nextId();
		lab.settings().faults().arm(FaultInjector.Rule.nth("proxmox", "restore", FaultInjector.Kind.TASK_ERROR, 1));
		TaskStatus failed = waitFor(proxmox.backups()
			.restoreAsync("pve", RestoreRequest.of(scratch, volid).isolated("vmbr0", "restore-check-gitlab")));
		assertThat(failed.failed()).isTrue();
		assertThat(failed.exitstatus()).contains("unable to restore VM " + scratch);
		assertThat(lab.vm(scratch)).isEmpty();

		String gone = "pbs-homelab:backup/vm/" + original + "/2000-01-01T00:00:00Z";
		TaskStatus missing = waitFor(
				proxmox.backups().restoreAsync("pve", RestoreRequest.of(scratch, gone).isolated("vmbr0", "again")));
		assertThat(missing.failed()).isTrue();
		assertThat(missing.exitstatus()).contains("does not exist");
		assertThat(lab.vm(scratch)).isEmpty();

		assertThatThrownBy(() -> proxmox.backups().restoreAsync("pve", RestoreRequest.of(original, volid)))
			.isInstanceOf(ProxmoxApiException.class)
			.hasMessageContaining("already exists");

		VmView after = lab.vm(original).orElseThrow();
		assertThat(after.config()).isEqualTo(before.config());
		assertThat(after.running()).isTrue();
		assertThat(new String(after.files().get("/etc/gitlab/gitlab.rb"))).isEqualTo("external_url 'https://gitlab'");
	}

	@Test
	void aFailedBackupEndsItsTaskInJobErrorsAndStoresNothing() {
		createStorage();
		int vmid = cloneOf("grafana");
		lab.settings().faults().arm(FaultInjector.Rule.nth("proxmox", "vzdump", FaultInjector.Kind.TASK_ERROR, 1));
		Upid upid = proxmox.backups().backupAsync("pve", "pbs-homelab", List.of(vmid));
		TaskStatus failed = waitFor(upid);
		assertThat(failed.exitstatus()).isEqualTo("job errors");
		assertThat(proxmox.tasks("pve").log(upid, 0, 50)).anyMatch(l -> l.startsWith("ERROR: Backup of VM " + vmid));

		servers.store("homelab").failNext("datastore 'homelab' is full (ENOSPC)");
		Upid full = proxmox.backups().backupAsync("pve", "pbs-homelab", List.of(vmid));
		assertThat(waitFor(full).exitstatus()).isEqualTo("job errors");
		assertThat(proxmox.tasks("pve").log(full, 0, 50))
			.contains("ERROR: Backup of VM " + vmid + " failed - datastore 'homelab' is full (ENOSPC)");
		assertThat(servers.store("homelab").snapshots(vmid)).isEmpty();
		assertThat(lab.vm(vmid).orElseThrow().lock()).isNull();
	}

	@Test
	void aScheduledJobRunsAtItsTimeOnTheLabClock() {
		createStorage();
		int vmid = cloneOf("prometheus");
		Instant justBefore = LocalDate.now(ZoneOffset.UTC).atTime(2, 29, 50).toInstant(ZoneOffset.UTC);
		proxmox.backups()
			.createJob(BackupJobRequest.of("rollout-nightly", "*-*-* 02:30", "pbs-homelab", List.of(vmid)));
		lab.setClock(justBefore);
		// 10 lab seconds at scale 0.002 are 20 ms, and the vzdump another 0.36 s
		List<BackupServers.Snapshot> taken = await().atMost(Duration.ofSeconds(10))
			.until(() -> servers.store("homelab").snapshots(vmid), list -> !list.isEmpty());
		assertThat(taken).singleElement()
			.satisfies(s -> assertThat(s.time()).isBetween(justBefore.plusSeconds(10), justBefore.plusSeconds(70)));
		assertThat(proxmox.storage().backups("pve", "pbs-homelab", vmid)).hasSize(1);
	}

	static int cloneOf(String name) {
		int vmid = proxmox.cluster().nextId();
		assertThat(waitFor(proxmox.vms("pve").cloneAsync(9000, CloneRequest.of(vmid, name))).succeeded()).isTrue();
		return vmid;
	}

	static int runningGuest(String name) {
		int vmid = cloneOf(name);
		assertThat(waitFor(proxmox.vms("pve").startAsync(vmid)).succeeded()).isTrue();
		await().atMost(Duration.ofSeconds(10))
			.ignoreExceptionsMatching(ex -> ex instanceof ProxmoxApiException api && api.agentNotRunning())
			.untilAsserted(() -> proxmox.agent("pve").ping(vmid));
		return vmid;
	}

	static String listenAddress(int vmid) {
		int pid = proxmox.agent("pve").exec(vmid, List.of("listen-address"), null);
		ExecStatus status = await().atMost(Duration.ofSeconds(10))
			.until(() -> proxmox.agent("pve").execStatus(vmid, pid), ExecStatus::exited);
		assertThat(status.succeeded()).isTrue();
		return status.out().strip();
	}

	static TaskStatus waitFor(Upid upid) {
		return await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> proxmox.tasks(upid.node()).status(upid), status -> !status.running());
	}

}
