package org.homelab.rollout.rehearsal.backup;

import org.homelab.rollout.backup.PbsException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Proxmox Backup Server installed on the proxmox-backup VM through the guest agent, as
 * Proxmox documents it for Debian 13: the package is found only through the
 * pbs-no-subscription repository with its key, and its install starts the API on 8007
 * with the certificate {@code proxmox-backup-manager cert info} names.
 */
class PbsInstallTests {

	private final PbsVm vm = new PbsVm();

	@AfterEach
	void stop() {
		this.vm.close();
	}

	@Test
	void theInstallNeedsTheRepositoryAndItsKeyThenStartsTheApi() {
		assertThat(this.vm.exec("apt-get", "install", "-y", "proxmox-backup-server").err())
			.contains("Unable to locate package proxmox-backup-server");
		this.vm.write("/etc/apt/sources.list.d/proxmox.sources", PbsVm.SOURCES);
		PbsVm.Exec unsigned = this.vm.exec("apt-get", "install", "-y", "proxmox-backup-server");
		assertThat(unsigned.exitCode()).isEqualTo(100);
		assertThat(unsigned.err()).contains("is not signed");
		assertThat(this.vm.pbs.lab(PbsVm.VMID)).isEmpty();

		PbsLab lab = this.vm.install();

		assertThat(lab.running()).isTrue();
		assertThat(lab.address()).isEqualTo(PbsVm.ADDRESS + ":8007");
		assertThat(this.vm.rootClient().version().major()).isEqualTo(4);
		assertThat(this.vm.rootClient().ping()).isTrue();
		PbsVm.Exec cert = this.vm.exec("proxmox-backup-manager", "cert", "info");
		assertThat(cert.out()).contains("Fingerprint (sha256): " + lab.fingerprint().toLowerCase());
		assertThat(this.vm.exec("apt-get", "install", "-y", "proxmox-backup-server").out())
			.contains("already the newest version");
	}

	@Test
	void systemctlStopsAndStartsTheProxyAndPowerOffTakesItDown() {
		PbsLab lab = this.vm.install();
		this.vm.rootClient().datastores().ensure("backup", "/mnt/datastore/backup", "daily", null);

		assertThat(this.vm.exec("systemctl", "stop", "proxmox-backup-proxy").exitCode()).isZero();
		assertThat(this.vm.exec("systemctl", "is-active", "proxmox-backup-proxy").exitCode()).isEqualTo(3);
		assertThatThrownBy(() -> this.vm.rootClient().ping()).isInstanceOf(PbsException.class)
			.satisfies(ex -> assertThat(((PbsException) ex).isTransient()).isTrue());

		assertThat(this.vm.exec("systemctl", "start", "proxmox-backup-proxy.service").exitCode()).isZero();
		assertThat(this.vm.rootClient().datastores().list()).as("kept across restarts")
			.singleElement()
			.satisfies(store -> assertThat(store.path()).isEqualTo("/mnt/datastore/backup"));

		this.vm.pve().post("/nodes/pve/qemu/" + PbsVm.VMID + "/status/stop");
		for (int i = 0; i < 500 && lab.running(); i++) {
			PbsVm.sleep(10);
		}
		assertThat(lab.running()).isFalse();
	}

	@Test
	void withoutThePackageItsCommandsAreNotThere() {
		assertThat(this.vm.sh("proxmox-backup-manager cert info").exitCode()).isEqualTo(127);
		assertThat(this.vm.exec("systemctl", "start", "proxmox-backup-proxy").exitCode()).isNotZero();
		assertThatThrownBy(() -> this.vm.pbs.connect(PbsVm.ADDRESS, 8007, "AA", "x@pbs!y", "s", "backup"))
			.hasMessageContaining("Connection refused");
	}

}
