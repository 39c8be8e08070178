package org.homelab.rollout.backup.steps;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the PBS scripts read and refuse: the fingerprint {@code cert info} prints, the
 * guest's name of a SCSI disk, the exporter's checksum that must be pinned, and no secret
 * in any script.
 */
class PbsScriptsTests {

	private static final String FINGERPRINT = "ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89:"
			+ "ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89";

	@Test
	void theFingerprintIsReadFromCertInfoAndNothingElse() {
		String output = "Subject: CN = proxmox-backup\nIssuer: CN = proxmox-backup\n" + "Fingerprint (sha256): "
				+ FINGERPRINT.toUpperCase() + "\n";
		assertThat(PbsScripts.fingerprint(output)).isEqualTo(FINGERPRINT);
		assertThat(PbsScripts.fingerprint("Fingerprint (sha256): ab:cd\n")).isNull();
		assertThat(PbsScripts.fingerprint(null)).isNull();
	}

	@Test
	void onlyScsiDisksAreFoundInTheGuest() {
		assertThat(PbsScripts.device("scsi1")).isEqualTo("/dev/disk/by-id/scsi-0QEMU_QEMU_HARDDISK_drive-scsi1");
		assertThatThrownBy(() -> PbsScripts.device("virtio1")).hasMessageContaining("only SCSI disks");
	}

	@Test
	void theExporterIsInstalledOnlyWithItsChecksumPinned() {
		assertThatThrownBy(() -> PbsScripts.exporter("")).hasMessageContaining("rollout.backup.exporter-sha256");
		assertThat(PbsScripts.exporter("0".repeat(64))).contains("sha256sum -c -", "0".repeat(64) + "  /root/")
			.contains("systemctl enable --now prometheus-pbs-exporter");
	}

	@Test
	void theBootstrapReadsThePasswordFromTheHandOverAndRemovesIt() {
		String script = PbsScripts.bootstrap("run-1");
		assertThat(script).contains("--password \"$(cat " + PbsScripts.PASSWORD_HANDOVER + ")\"")
			.contains("acl update / Admin --auth-id rollout@pbs")
			.contains("echo run-1 > " + PbsScripts.ENGINE_USER_MARK)
			.contains("rm -f " + PbsScripts.PASSWORD_HANDOVER);
		assertThatThrownBy(() -> PbsScripts.bootstrap("run; rm -rf /")).hasMessageContaining("refused");
	}

	@Test
	void theUndoTouchesOnlyWhatTheRunMade() {
		String nothing = PbsScripts.remove(false, false, false, false, "/mnt/datastore/homelab");
		assertThat(nothing).doesNotContain("purge", "user remove", "prometheus-pbs-exporter", "umount");
		String all = PbsScripts.remove(true, true, true, true, "/mnt/datastore/homelab");
		assertThat(all).contains("purge -y -q proxmox-backup-server", "disable --now prometheus-pbs-exporter",
				"umount /mnt/datastore/homelab");
	}

}
