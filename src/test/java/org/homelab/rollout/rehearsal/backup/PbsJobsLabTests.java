package org.homelab.rollout.rehearsal.backup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.homelab.rollout.backup.BackupSnapshot;
import org.homelab.rollout.backup.PbsTask;
import org.homelab.rollout.backup.PbsTokenSecret;
import org.homelab.rollout.backup.ProxmoxBackupOperations;
import org.homelab.rollout.backup.PruneJob;
import org.homelab.rollout.backup.VerifyJob;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.FaultInjector.Kind;
import org.homelab.rollout.rehearsal.proxmox.BackupServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Retention, verification and garbage collection on the lab's PBS: prune keeps by PBS's
 * rules, pruned bytes stay until garbage collection frees them, and a corrupt chunk fails
 * the verify job and marks its snapshot failed.
 */
class PbsJobsLabTests {

	private PbsVm vm;

	private ProxmoxBackupOperations root;

	private BackupServers.Datastore store;

	@BeforeEach
	void install() {
		this.vm = new PbsVm();
		PbsLab lab = this.vm.install();
		this.root = this.vm.rootClient();
		this.root.datastores().ensure("backup", "/mnt/datastore/backup", null, null);
		List<PbsTokenSecret> sink = new ArrayList<>();
		this.root.access().ensureBackupToken("pve-backup@pbs", "pve", "backup", null, sink::add);
		this.store = this.vm.pbs.connect(PbsVm.ADDRESS, PbsLab.PORT, lab.fingerprint(), "pve-backup@pbs!pve",
				sink.get(0).reveal(), "backup");
	}

	@AfterEach
	void stop() {
		this.vm.faults.disarm();
		this.vm.close();
	}

	@Test
	void pruneKeepsTheNewestOfEachDayAndWeekAndGarbageCollectionFreesTheRest() {
		// 10 nightly backups from Mon 2026-11-23, and a second one on the last day
		Instant first = Instant.parse("2026-11-23T03:00:00Z");
		for (int day = 0; day < 10; day++) {
			this.store.store(101, Map.of(), Map.of("disk", new byte[1000]), first.plusSeconds(day * 86_400L));
		}
		this.store.store(101, Map.of(), Map.of("disk", new byte[1000]), first.plusSeconds(9 * 86_400L + 3600));
		this.root.jobs().ensurePruneJob(new PruneJob("keep", "backup", "daily", 3, 2, null));
		long before = this.root.datastores().status("backup").used();

		assertThat(PbsVm.await(this.root, this.root.jobs().runPruneJob("keep")).succeeded()).isTrue();

		// daily: Dec 2 (04:00), Dec 1, Nov 30; weekly: week 49 is kept already, so week
		// 48
		// (its newest, Sun Nov 29), and there is no older week
		assertThat(this.root.datastores().snapshots("backup").stream().map(BackupSnapshot::backupTime)).containsExactly(
				Instant.parse("2026-11-29T03:00:00Z"), Instant.parse("2026-11-30T03:00:00Z"),
				Instant.parse("2026-12-01T03:00:00Z"), Instant.parse("2026-12-02T04:00:00Z"));
		assertThat(this.root.datastores().status("backup").used()).as("pruned, not yet collected").isEqualTo(before);
		String gc = this.root.datastores().startGarbageCollection("backup");
		assertThat(PbsVm.await(this.root, gc).type()).isEqualTo("garbage_collection");
		assertThat(this.root.datastores().status("backup").used()).isLessThan(before);
	}

	@Test
	void aCorruptChunkFailsTheVerifyJobAndMarksItsSnapshot() {
		this.store.store(101, Map.of(), Map.of("disk", new byte[100]), Instant.parse("2026-12-05T03:00:00Z"));
		this.store.store(102, Map.of(), Map.of("disk", new byte[100]), Instant.parse("2026-12-05T03:05:00Z"));
		this.root.jobs().ensureVerifyJob(new VerifyJob("verify", "backup", "daily", true, null));
		this.vm.faults.arm(FaultInjector.Rule.nth("pbs", "verify", Kind.CORRUPT_CHUNK, 2));

		PbsTask task = PbsVm.await(this.root, this.root.jobs().runVerifyJob("verify"));

		assertThat(task.failed()).isTrue();
		assertThat(task.exitstatus()).isEqualTo("verification failed - please check the log for details");
		assertThat(this.root.datastores().snapshots("backup"))
			.extracting(BackupSnapshot::backupId, BackupSnapshot::verifyState)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("101", "ok"),
					org.assertj.core.groups.Tuple.tuple("102", "failed"));
		assertThat(this.store.snapshots(102)).singleElement()
			.satisfies(s -> assertThat(s.verifyState()).isEqualTo("failed"));

		this.vm.faults.disarm();
		PbsTask again = PbsVm.await(this.root, this.root.jobs().runVerifyJob("verify"));
		assertThat(again.succeeded()).as("only the failed one is read again, and it reads well now").isTrue();
		assertThat(this.root.datastores().snapshots("backup")).allSatisfy(s -> assertThat(s.verified()).isTrue());
	}

}
