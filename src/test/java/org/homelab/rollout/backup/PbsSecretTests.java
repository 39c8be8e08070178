package org.homelab.rollout.backup;

import java.util.ArrayList;
import java.util.List;

import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.rehearsal.backup.PbsLab;
import org.homelab.rollout.rehearsal.backup.PbsVm;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Secrets of PBS stay where they belong: a new token's secret reaches its sink and
 * nothing else (no toString, message, log line or journal entry), and a server whose
 * certificate is not the pinned one is refused before any request, so no token or
 * password travels to it.
 */
@ExtendWith(OutputCaptureExtension.class)
class PbsSecretTests {

	private PbsVm vm;

	private PbsLab lab;

	@BeforeEach
	void install() {
		this.vm = new PbsVm();
		this.lab = this.vm.install();
	}

	@AfterEach
	void stop() {
		this.vm.close();
	}

	@Test
	void theTokenSecretGoesToTheSinkAndNowhereElse(CapturedOutput output) {
		ProxmoxBackupOperations root = this.vm.rootClient();
		root.datastores().ensure("backup", "/mnt/datastore/backup", null, null);
		List<PbsTokenSecret> sink = new ArrayList<>();

		BackupToken made = root.access().ensureBackupToken("pve-backup@pbs", "pve", "backup", null, sink::add);

		String secret = sink.get(0).reveal();
		assertThat(secret).isNotBlank();
		assertThat(sink.get(0).toString()).contains("pve-backup@pbs!pve").doesNotContain(secret);
		assertThat(made.toString()).doesNotContain(secret);
		PbsCredentials credentials = PbsCredentials.token("pve-backup@pbs!pve", () -> secret);
		assertThat(credentials.toString()).doesNotContain(secret);
		ProxmoxBackupOperations token = this.vm.client(credentials);
		assertThat(token.datastores().snapshots("backup")).isEmpty();
		assertThatThrownBy(() -> token.datastores().ensure("x1", "/mnt/x1", null, null))
			.satisfies(ex -> assertThat(ex.getMessage()).doesNotContain(secret));
		ProxmoxBackupOperations wrong = this.vm
			.client(PbsCredentials.token("pve-backup@pbs!pve", () -> secret.replace('-', '0')));
		assertThatThrownBy(() -> wrong.datastores().snapshots("backup")).isInstanceOfSatisfying(PbsApiException.class,
				ex -> {
					assertThat(ex.status()).isEqualTo(401);
					assertThat(ex.getMessage()).doesNotContain(secret)
						.doesNotContain(secret.replace('-', '0'))
						.contains("check the token or password");
				});
		assertThat(this.vm.journal.entries().stream().map(RequestJournal::line)).noneMatch(l -> l.contains(secret));
		assertThat(output.getAll()).doesNotContain(secret).doesNotContain(PbsVm.ROOT_PASSWORD);
	}

	@Test
	void aServerWithAnotherCertificateIsRefusedBeforeTheTokenTravels() {
		String other = "AB:".repeat(31) + "AB";
		this.vm.journal.clear();
		ProxmoxBackupOperations client = this.vm.client(other,
				PbsCredentials.token("pve-backup@pbs!pve", () -> "not-sent"));

		assertThatThrownBy(client::version).isInstanceOfSatisfying(PbsException.class, ex -> {
			assertThat(ex.isTransient()).isFalse();
			assertThat(ex.getMessage()).contains("TLS to Proxmox Backup Server failed on GET /version")
				.contains(this.lab.fingerprint())
				.contains("nothing was sent")
				.doesNotContain("not-sent");
		});
		assertThatThrownBy(() -> this.vm.client(other, PbsCredentials.password("root@pam", () -> PbsVm.ROOT_PASSWORD))
			.datastores()
			.list()).isInstanceOf(PbsException.class);
		assertThat(this.vm.journal.entries("pbs")).as("no request reached the server").isEmpty();
	}

	@Test
	void aWrongRootPasswordIsRefused() {
		ProxmoxBackupOperations client = this.vm.client(PbsCredentials.password("root@pam", () -> "guessed"));

		assertThatThrownBy(client::version).isInstanceOfSatisfying(PbsApiException.class, ex -> {
			assertThat(ex.status()).isEqualTo(401);
			assertThat(ex.call()).isEqualTo("POST /access/ticket");
			assertThat(ex.getMessage()).doesNotContain("guessed");
		});
	}

}
