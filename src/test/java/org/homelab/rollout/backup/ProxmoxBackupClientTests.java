package org.homelab.rollout.backup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.FaultInjector.Kind;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.rehearsal.backup.PbsLab;
import org.homelab.rollout.rehearsal.backup.PbsVm;
import org.homelab.rollout.rehearsal.proxmox.BackupServers;
import org.homelab.rollout.support.Contract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Proxmox Backup Server client against the lab's PBS on the proxmox-backup VM: what
 * Phase 4 sets up (datastore on its own disk, a DatastoreBackup-only token for PVE,
 * retention, verify and garbage collection), idempotent on a second run, undone to
 * nothing, faults acted out.
 */
class ProxmoxBackupClientTests {

	private static final String STORE = "backup";

	private static final String PATH = "/mnt/datastore/backup";

	private PbsVm vm;

	private PbsLab lab;

	private ProxmoxBackupOperations root;

	@BeforeEach
	void install() {
		this.vm = new PbsVm();
		this.lab = this.vm.install();
		this.root = this.vm.rootClient();
	}

	@AfterEach
	void stop() {
		this.vm.faults.disarm();
		this.vm.close();
	}

	@Test
	void phaseFourSetUpTwiceCreatesOnceAndSendsNothingTheSchemaRefuses() {
		Contract.PROXMOX_BACKUP.require("the client's PBS requests against the published schema are");
		List<PbsTokenSecret> vault = new ArrayList<>();

		setUp(vault);
		String upid = this.root.datastores().ensure(STORE, PATH, "daily", "Phase 4").orElse(null);
		BackupToken again = this.root.access()
			.ensureBackupToken("pve-backup@pbs", "pve", STORE, "Proxmox VE backups", vault::add);

		assertThat(upid).as("adopted, not created again").isNull();
		assertThat(again.tokenCreated()).isFalse();
		assertThat(again.userCreated()).isFalse();
		assertThat(vault).as("one secret, handed over once").hasSize(1);
		assertThat(this.root.jobs().ensurePruneJob(new PruneJob("keep", STORE, "daily", 7, 4, 6))).isFalse();
		assertThat(this.lab.datastores()).containsExactly(STORE);
		assertThat(this.lab.tokenIds()).containsExactly("pve-backup@pbs!pve");
		assertThat(this.lab.acl()).containsExactlyInAnyOrder("/datastore/backup pve-backup@pbs DatastoreBackup",
				"/datastore/backup pve-backup@pbs!pve DatastoreBackup");
		assertThat(this.lab.gcSchedule(STORE)).contains("daily");
		assertThat(this.root.jobs().pruneJob("keep")).contains(new PruneJob("keep", STORE, "daily", 7, 4, 6));
		assertThat(this.root.jobs().verifyJob("verify-weekly")).get()
			.satisfies(job -> assertThat(job.outdatedAfterDays()).isEqualTo(30));
		assertThat(this.root.datastores().status(STORE).total()).isEqualTo(PbsVm.DISK_BYTES);
		assertThat(this.root.datastores().usage()).singleElement()
			.satisfies(usage -> assertThat(usage.store()).isEqualTo(STORE));

		List<RequestJournal.Entry> requests = this.vm.journal.entries("pbs");
		assertThat(requests).hasSizeGreaterThan(20).allSatisfy(entry -> assertThat(entry.verdict()).isEqualTo("ok"));
		assertThat(this.vm.journal.violations()).isEmpty();
	}

	@Test
	void theTokenBacksUpIntoItsDatastoreOnlyAndSeesItsSnapshotsVerified() {
		List<PbsTokenSecret> vault = new ArrayList<>();
		setUp(vault);
		this.root.datastores().ensure("other", "/mnt/datastore/other", null, null).ifPresent(this::awaitOk);
		String secret = vault.get(0).reveal();
		BackupServers.Datastore pve = this.vm.pbs.connect(PbsVm.ADDRESS, PbsLab.PORT, this.lab.fingerprint(),
				"pve-backup@pbs!pve", secret, STORE);
		pve.store(101, Map.of("name", "vault"), Map.of("/etc/vault.d/vault.hcl", "ui = true".getBytes()),
				Instant.parse("2026-12-06T03:00:00Z"));
		ProxmoxBackupOperations token = this.vm.client(PbsCredentials.token("pve-backup@pbs!pve", () -> secret));

		assertThat(token.datastores().snapshots(STORE)).singleElement().satisfies(snapshot -> {
			assertThat(snapshot.name()).isEqualTo("vm/101/2026-12-06T03:00:00Z");
			assertThat(snapshot.owner()).isEqualTo("pve-backup@pbs!pve");
			assertThat(snapshot.verifyState()).isNull();
		});
		assertThat(awaitOk(this.root.jobs().runVerifyJob("verify-weekly")).type()).isEqualTo("verificationjob");
		assertThat(token.datastores().snapshots(STORE)).singleElement()
			.satisfies(s -> assertThat(s.verified()).isTrue());

		assertThatThrownBy(() -> token.datastores().snapshots("other")).isInstanceOfSatisfying(PbsApiException.class,
				ex -> {
					assertThat(ex.status()).isEqualTo(403);
					assertThat(ex.isTransient()).isFalse();
					assertThat(ex.getMessage()).contains("GET /admin/datastore/other/snapshots")
						.contains("permission check failed")
						.contains("Permissions");
				});
		assertThatThrownBy(() -> token.datastores().ensure("mine", "/mnt/mine", null, null))
			.isInstanceOfSatisfying(PbsApiException.class, ex -> assertThat(ex.status()).isEqualTo(403));
		assertThatThrownBy(() -> token.jobs().runPruneJob("keep")).isInstanceOfSatisfying(PbsApiException.class,
				ex -> assertThat(ex.status()).isEqualTo(403));
	}

	@Test
	void undoRemovesWhatTheRunMadeAndLeavesWhatWasThere() {
		this.root.datastores().ensure(STORE, PATH, null, null).ifPresent(this::awaitOk);
		this.root.access().ensureUser("pve-backup@pbs", "made by hand");
		BackupToken made = this.root.access()
			.ensureBackupToken("pve-backup@pbs", "pve", STORE, "Proxmox VE backups", secret -> {
			});

		this.root.access().undo(made);

		assertThat(made.userCreated()).isFalse();
		assertThat(this.root.access().userExists("pve-backup@pbs")).isTrue();
		assertThat(this.root.access().tokenExists("pve-backup@pbs", "pve")).isFalse();
		assertThat(this.lab.acl()).isEmpty();
		assertThat(this.lab.tokenIds()).isEmpty();
		assertThat(this.root.jobs().deletePruneJob("missing")).isFalse();
		assertThat(this.root.datastores().delete(STORE, false)).isPresent();
		assertThat(this.root.datastores().delete(STORE, false)).isEmpty();
		assertThat(this.root.datastores().get(STORE)).isEmpty();
	}

	@Test
	void aSinkThatFailsTakesTheTokenWithIt() {
		this.root.datastores().ensure(STORE, PATH, null, null).ifPresent(this::awaitOk);
		this.root.access().ensureUser("pve-backup@pbs", null);

		assertThatThrownBy(() -> this.root.access().createToken("pve-backup@pbs", "pve", null, secret -> {
			throw new IllegalStateException("Vault sealed");
		})).hasMessage("Vault sealed");

		assertThat(this.lab.tokenIds()).isEmpty();
	}

	@Test
	void aChunkStoreKeptOnDiskIsTakenOnAgainOnlyWhenAskedTo() {
		this.root.datastores().ensure(STORE, PATH, null, null).ifPresent(this::awaitOk);
		this.root.datastores().delete(STORE, false).ifPresent(this::awaitOk);

		assertThatThrownBy(() -> this.root.datastores().ensure(STORE, PATH, null, null))
			.isInstanceOfSatisfying(PbsApiException.class, ex -> assertThat(ex.reason()).contains("is not empty"));
		this.root.datastores().ensure(STORE, PATH, null, null, true).ifPresent(this::awaitOk);
		assertThat(this.lab.datastores()).containsExactly(STORE);
	}

	@Test
	void aDatastoreOfThatNameOnAnotherPathIsNotAdopted() {
		this.root.datastores().ensure(STORE, PATH, null, null).ifPresent(this::awaitOk);

		assertThatThrownBy(() -> this.root.datastores().ensure(STORE, "/srv/elsewhere", null, null))
			.isInstanceOf(PbsException.class)
			.hasMessageContaining("already has a datastore 'backup' on /mnt/datastore/backup");
		assertThatThrownBy(() -> this.root.datastores().ensure("system", "/etc/pbs", null, null))
			.isInstanceOfSatisfying(PbsApiException.class, ex -> {
				assertThat(ex.status()).isEqualTo(400);
				assertThat(ex.reason()).contains("system directory");
			});
	}

	@Test
	void transientFaultsOfReadsAreRepeatedAndOthersReportedAsTheyAre() {
		this.vm.faults.arm(FaultInjector.Rule.nth("pbs", "api", Kind.HTTP_503, 1));
		assertThat(this.root.version().major()).as("repeated after the 503").isEqualTo(4);
		assertThat(this.vm.journal.entries("pbs").stream().map(RequestJournal.Entry::status).toList()).contains(503,
				200);

		this.vm.faults.disarm();
		this.vm.faults.arm(new FaultInjector.Rule("pbs", "api", Kind.HTTP_500, 0, 1, true));
		assertThatThrownBy(() -> this.root.datastores().list()).isInstanceOfSatisfying(PbsApiException.class, ex -> {
			assertThat(ex.status()).isEqualTo(500);
			assertThat(ex.getMessage())
				.startsWith("Proxmox Backup Server answered 500 'internal server error' to " + "GET /config/datastore");
		});

		this.vm.faults.disarm();
		this.vm.faults.arm(new FaultInjector.Rule("pbs", "api", Kind.TIMEOUT, 0, 1, true));
		assertThatThrownBy(() -> this.root.ping()).isInstanceOfSatisfying(PbsException.class, ex -> {
			assertThat(ex.isTransient()).isTrue();
			assertThat(ex.getMessage()).contains("did not answer GET /ping (no answer in time)")
				.contains("proxmox-backup-proxy");
		});
	}

	private void setUp(List<PbsTokenSecret> vault) {
		this.root.datastores().ensure(STORE, PATH, "daily", "Phase 4").ifPresent(this::awaitOk);
		this.root.access().ensureBackupToken("pve-backup@pbs", "pve", STORE, "Proxmox VE backups", vault::add);
		assertThat(this.root.jobs().ensurePruneJob(new PruneJob("keep", STORE, "daily", 7, 4, 6))).isTrue();
		assertThat(this.root.jobs().ensureVerifyJob(new VerifyJob("verify-weekly", STORE, "sun 03:00", true, 30)))
			.isTrue();
		this.root.datastores().setGcSchedule(STORE, "daily");
	}

	private PbsTask awaitOk(String upid) {
		PbsTask task = PbsVm.await(this.root, upid);
		assertThat(task.succeeded()).as(task.exitstatus()).isTrue();
		return task;
	}

}
