package org.homelab.rollout.rehearsal.proxmox;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lab's pbs storages on the wire, as PVE's PBS plugin answers: refusals the client
 * never makes (no fingerprint), the password kept out of every answer, an unreachable
 * server, disk options in a restore, and scheduled jobs off the lab clock.
 */
class ProxmoxLabPbsStorageTests {

	static final String FINGERPRINT = String.join(":", Collections.nCopies(32, "5E"));

	static final RequestJournal journal = new RequestJournal();

	static final InMemoryBackupServers servers = new InMemoryBackupServers("127.0.10.30", 8007, FINGERPRINT)
		.token("pve@pbs!homelab", "s3cret")
		.datastore("homelab");

	static ProxmoxLab lab;

	static PveClient pve;

	@BeforeAll
	static void start() {
		lab = new ProxmoxLab(ProxmoxLabSettings.defaults()
			.withJournal(journal)
			.withLatency(Latency.scaled(0.002))
			.withBackupServers(servers));
		lab.start();
		pve = PveClient.trusting(lab);
	}

	@AfterAll
	static void stop() {
		lab.close();
	}

	@BeforeEach
	void clean() {
		servers.reachable(true);
		lab.reset();
		servers.clear();
		journal.clear();
	}

	@AfterEach
	void noViolations() {
		assertThat(journal.violations()).isEmpty();
	}

	private static PveClient.Answer create(String... more) {
		String[] base = { "storage", "pbs-homelab", "type", "pbs", "server", "127.0.10.30", "datastore", "homelab",
				"username", "pve@pbs!homelab", "password", "s3cret", "content", "backup" };
		String[] all = new String[base.length + more.length];
		System.arraycopy(base, 0, all, 0, base.length);
		System.arraycopy(more, 0, all, base.length, more.length);
		return pve.post("/storage", all);
	}

	@Test
	void withoutAFingerprintTheSelfSignedServerIsNotTrustedAndNothingIsStored() {
		PveClient.Answer answer = create();
		assertThat(answer.code()).isEqualTo(500);
		assertThat(answer.reason()).startsWith("pbs-homelab: error fetching datastores")
			.contains("certificate verify failed");
		assertThat(pve.get("/storage/pbs-homelab").reason()).isEqualTo("storage 'pbs-homelab' does not exist");
	}

	@Test
	void thePasswordIsInNoAnswer() {
		assertThat(create("fingerprint", FINGERPRINT).code()).isEqualTo(200);
		assertThat(pve.get("/storage/pbs-homelab").body().toString()).doesNotContain("s3cret").contains(FINGERPRINT);
		assertThat(pve.get("/storage").body().toString()).doesNotContain("s3cret").contains("pbs-homelab");
		assertThat(pve.get("/nodes/pve/storage").body().toString()).doesNotContain("s3cret");
		assertThat(pve.get("/cluster/resources", "type", "storage").data().findValuesAsText("storage"))
			.contains("pbs-homelab");
	}

	@Test
	void anUnreachableServerShowsTheStorageInactiveAndFailsItsListing() {
		assertThat(create("fingerprint", FINGERPRINT).code()).isEqualTo(200);
		servers.reachable(false);
		JsonNode status = pve.get("/nodes/pve/storage/pbs-homelab/status").data();
		assertThat(status.path("active").asInt()).isZero();
		assertThat(status.path("enabled").asInt()).isOne();
		PveClient.Answer listing = pve.get("/nodes/pve/storage/pbs-homelab/content", "content", "backup");
		assertThat(listing.code()).isEqualTo(500);
		assertThat(listing.reason())
			.isEqualTo("pbs-homelab: error fetching datastores - connection refused (127.0.10.30:8007)");
	}

	@Test
	void aDisabledStorageIsNotReachedOnCreateAndRefusesItsListing() {
		assertThat(create("fingerprint", FINGERPRINT, "port", "8008", "disable", "1").code()).isEqualTo(200);
		JsonNode status = pve.get("/nodes/pve/storage/pbs-homelab/status").data();
		assertThat(status.path("active").asInt()).isZero();
		assertThat(status.path("enabled").asInt()).isZero();
		assertThat(pve.get("/nodes/pve/storage/pbs-homelab/content").reason())
			.isEqualTo("storage 'pbs-homelab' is disabled");
		assertThat(pve.delete("/storage/pbs-homelab").code()).isEqualTo(200);
		assertThat(pve.get("/storage/pbs-homelab").code()).isEqualTo(500);
	}

	@Test
	void aRestoreTakesNoDiskOptionsAndNoOtherStorageType() {
		assertThat(create("fingerprint", FINGERPRINT).code()).isEqualTo(200);
		PveClient.Answer restore = pve.post("/nodes/pve/qemu", "vmid", "900", "archive",
				"pbs-homelab:backup/vm/101/2026-12-07T02:30:00Z", "scsi0", "local-lvm:8");
		assertThat(restore.code()).isEqualTo(400);
		assertThat(restore.body().path("errors").path("scsi0").asText()).contains("conflicts with option 'archive'");
		journal.clear();
		assertThat(pve.post("/storage", "storage", "nfs1", "type", "nfs", "server", "10.0.0.1").code()).isEqualTo(501);
	}

	@Test
	void aJobWithAScheduleTheLabCannotReadIsRefusedAsNotSimulated() {
		PveClient.Answer job = pve.post("/cluster/backup", "id", "odd", "vmid", "9000", "schedule", "*/5", "storage",
				"local");
		assertThat(job.code()).isEqualTo(501);
		assertThat(job.reason()).contains("not simulated");
		JsonNode jobs = pve.get("/cluster/backup").data();
		assertThat(jobs).isEmpty();
	}

	@Test
	void aJobsNextRunFollowsTheLabClock() {
		pve.post("/nodes/pve/qemu/9000/clone", "newid", "150", "name", "db");
		await150();
		assertThat(pve
			.post("/cluster/backup", "id", "nightly", "vmid", "150", "schedule", "sat,sun 04:00", "storage", "local")
			.code()).isEqualTo(200);
		// a Saturday 03:59:55 UTC: the job is due in 5 lab seconds (10 ms at this scale)
		lab.setClock(Instant.parse("2026-12-05T03:59:55Z"));
		await().atMost(Duration.ofSeconds(10)).until(() -> lab.volumes("local"), volumes -> !volumes.isEmpty());
		assertThat(lab.volumes("local")).singleElement()
			.asString()
			.startsWith("local:backup/vzdump-qemu-150-2026_12_05-04_00");
		Map<String, String> config = lab.vm(150).orElseThrow().config();
		assertThat(config).doesNotContainKey("lock");
	}

	private static void await150() {
		await().atMost(Duration.ofSeconds(10)).until(() -> lab.vm(150).map(vm -> vm.lock() == null).orElse(false));
	}

}
