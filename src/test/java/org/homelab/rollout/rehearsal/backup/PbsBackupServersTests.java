package org.homelab.rollout.rehearsal.backup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.homelab.rollout.backup.PbsTokenSecret;
import org.homelab.rollout.backup.ProxmoxBackupOperations;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.FaultInjector.Kind;
import org.homelab.rollout.rehearsal.proxmox.BackupServers;
import org.homelab.rollout.rehearsal.proxmox.BackupServers.BackupServerException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The lab's PBS as the lab's PVE reaches it through a pbs storage
 * ({@link BackupServers}): by address and port, fingerprint checked first, then the token
 * as PBS checks a backup client; backups become snapshots that the API lists, and fail as
 * PBS's do when the datastore is full.
 */
class PbsBackupServersTests {

	private static final Instant NIGHT = Instant.parse("2026-12-06T03:00:00.250Z");

	private PbsVm vm;

	private PbsLab lab;

	private String secret;

	@BeforeEach
	void install() {
		this.vm = new PbsVm();
		this.lab = this.vm.install();
		ProxmoxBackupOperations root = this.vm.rootClient();
		root.datastores().ensure("backup", "/mnt/datastore/backup", null, null);
		root.datastores().ensure("other", "/mnt/datastore/other", null, null);
		List<PbsTokenSecret> sink = new ArrayList<>();
		root.access().ensureBackupToken("pve-backup@pbs", "pve", "backup", null, sink::add);
		this.secret = sink.get(0).reveal();
	}

	@AfterEach
	void stop() {
		this.vm.faults.disarm();
		this.vm.close();
	}

	@Test
	void aBackupBecomesASnapshotOwnedByTheToken() {
		BackupServers.Datastore store = connect("backup");

		BackupServers.Snapshot stored = store.store(101, Map.of("name", "vault", "memory", "4096"),
				Map.of("/etc/vault.d/vault.hcl", "ui = true\n".getBytes()), NIGHT);

		assertThat(stored.time()).as("PBS names snapshots by the second").isEqualTo("2026-12-06T03:00:00Z");
		assertThat(stored.name()).isEqualTo("vm/101/2026-12-06T03:00:00Z");
		assertThat(store.snapshots(101)).singleElement().satisfies(s -> {
			assertThat(s.config()).containsEntry("name", "vault");
			assertThat(new String(s.files().get("/etc/vault.d/vault.hcl"))).isEqualTo("ui = true\n");
		});
		assertThat(store.snapshot(101, NIGHT)).isPresent();
		assertThat(store.snapshots(102)).isEmpty();
		assertThat(store.used()).isEqualTo(stored.size()).isPositive();
		assertThat(store.total()).isEqualTo(PbsVm.DISK_BYTES);
		assertThat(this.lab.snapshots("backup")).singleElement()
			.satisfies(s -> assertThat(s.owner()).isEqualTo("pve-backup@pbs!pve"));
		assertThat(this.vm.rootClient().datastores().snapshots("backup")).singleElement()
			.satisfies(s -> assertThat(s.backupId()).isEqualTo("101"));
		assertThatThrownBy(() -> store.store(101, Map.of(), Map.of(), NIGHT)).isInstanceOf(BackupServerException.class)
			.hasMessageContaining("already exists");
	}

	@Test
	void aFullDatastoreFailsTheBackupInPbsWords() {
		BackupServers.Datastore store = connect("backup");

		assertThatThrownBy(
				() -> store.store(101, Map.of(), Map.of("disk", new byte[(int) PbsVm.DISK_BYTES + 1]), NIGHT))
			.isInstanceOf(BackupServerException.class)
			.hasMessageContaining("No space left on device (os error 28)");

		this.vm.faults.arm(FaultInjector.Rule.nth("pbs", "backup", Kind.DATASTORE_FULL, 1));
		assertThatThrownBy(() -> store.store(102, Map.of(), Map.of("disk", new byte[10]), NIGHT))
			.isInstanceOf(BackupServerException.class)
			.hasMessageContaining("No space left on device");
		this.vm.faults.disarm();
		this.vm.faults.arm(FaultInjector.Rule.nth("pbs", "backup", Kind.TASK_ERROR, 1));
		assertThatThrownBy(() -> store.store(103, Map.of(), Map.of("disk", new byte[10]), NIGHT))
			.hasMessageContaining("broken pipe");
		assertThat(store.snapshots()).isEmpty();
		assertThat(store.store(104, Map.of(), Map.of("disk", new byte[10]), NIGHT).vmid()).as("the next one works")
			.isEqualTo(104);
	}

	@Test
	void theServerIsCheckedBeforeTheTokenAndTheTokenBeforeTheDatastore() {
		assertThatThrownBy(() -> this.vm.pbs.connect(PbsVm.ADDRESS, 8008, this.lab.fingerprint(), "pve-backup@pbs!pve",
				this.secret, "backup"))
			.hasMessageContaining("Connection refused");
		assertThatThrownBy(() -> this.vm.pbs.connect(PbsVm.ADDRESS, PbsLab.PORT, "AB:".repeat(31) + "AB",
				"pve-backup@pbs!pve", this.secret, "backup"))
			.hasMessage(
					"error fetching datastores - fingerprint '" + this.lab.fingerprint() + "' not verified, abort!");
		assertThatThrownBy(() -> this.vm.pbs.connect(PbsVm.ADDRESS, PbsLab.PORT, this.lab.fingerprint(),
				"pve-backup@pbs!pve", "wrong", "backup"))
			.hasMessageContaining("authentication failed");
		assertThatThrownBy(() -> this.vm.pbs.connect(PbsVm.ADDRESS, PbsLab.PORT, this.lab.fingerprint(),
				"pve-backup@pbs!pve", this.secret, "other"))
			.hasMessageContaining("permission check failed");
		assertThat(this.vm.pbs
			.connect(PbsVm.ADDRESS, PbsLab.PORT, this.lab.fingerprint().toLowerCase().replace(":", ""),
					"pve-backup@pbs!pve", this.secret, "backup")
			.snapshots()).as("the fingerprint in any spelling").isEmpty();
	}

	@Test
	void aDeletedTokenNoLongerBacksUp() {
		BackupServers.Datastore store = connect("backup");
		this.vm.rootClient().access().deleteToken("pve-backup@pbs", "pve");

		assertThatThrownBy(() -> connect("backup")).hasMessageContaining("authentication failed");
		assertThat(store.snapshots()).isEmpty();
	}

	@Test
	void aStoppedServerTakesItsDatastoresAway() {
		BackupServers.Datastore store = connect("backup");
		this.vm.exec("systemctl", "stop", "proxmox-backup-proxy");

		assertThatThrownBy(() -> store.store(101, Map.of(), Map.of(), NIGHT))
			.hasMessageContaining("Connection refused");
		assertThatThrownBy(() -> connect("backup")).hasMessageContaining("Connection refused");
	}

	private BackupServers.Datastore connect(String datastore) {
		return this.vm.pbs.connect(PbsVm.ADDRESS, PbsLab.PORT, this.lab.fingerprint(), "pve-backup@pbs!pve",
				this.secret, datastore);
	}

}
