package org.homelab.rollout.proxmox;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Map;

import javax.net.ssl.SSLPeerUnverifiedException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What is worth retrying, and what each message tells the operator. */
class ProxmoxErrorsTests {

	@Test
	void locksAndClusterFileSystemTimeoutsAreTransient() {
		assertThat(fromStatus(500, "VM is locked (clone)").isTransient()).isTrue();
		assertThat(fromStatus(500, "can't lock file '/var/lock/qemu-server/lock-101.conf' - got timeout").isTransient())
			.isTrue();
		assertThat(fromStatus(500, "cfs-lock 'file-config' error: got lock request timeout").isTransient()).isTrue();
		assertThat(fromStatus(503, "Service Unavailable").isTransient()).isTrue();
		assertThat(fromStatus(596, "Connection timed out").isTransient()).isTrue();
	}

	@Test
	void refusalsAreNotTransientAndSayWhatToFix() {
		ProxmoxException parameters = ProxmoxErrors.fromStatus("PUT /nodes/pve/qemu/101/config", 400,
				"Parameter verification failed.", Map.of("sshkeys", "invalid urlencoded string"));
		assertThat(parameters.isTransient()).isFalse();
		assertThat(parameters.getMessage()).isEqualTo("Proxmox VE answered 400 'Parameter verification failed.' to "
				+ "PUT /nodes/pve/qemu/101/config; parameter errors: {sshkeys=invalid urlencoded string}. Proxmox "
				+ "refused the parameters: fix the inventory values behind them; repeating will not help.");
		assertThat(fromStatus(500, "VM 101 already running").isTransient()).isFalse();
		assertThat(fromStatus(401, "authentication failure").getMessage()).contains("inventory.proxmox.token-id");
	}

	@Test
	void missingVmIsRecognisedFromPvesFiveHundred() {
		ProxmoxApiException missing = (ProxmoxApiException) fromStatus(500,
				"Configuration file 'nodes/pve/qemu-server/4242.conf' does not exist");
		assertThat(missing.doesNotExist()).isTrue();
		assertThat(missing.isTransient()).isFalse();
	}

	@Test
	void aFileTheGuestAgentCannotOpenIsRecognisedFromPvesFiveHundred() {
		ProxmoxApiException missing = (ProxmoxApiException) fromStatus(500,
				"Agent error: Failed to open file '/etc/grafana/grafana.ini': No such file or directory");
		assertThat(missing.fileNotFound()).isTrue();
		assertThat(missing.doesNotExist()).isFalse();
		assertThat(((ProxmoxApiException) fromStatus(500, "VM 101 is not running")).fileNotFound()).isFalse();
	}

	@Test
	void timeoutsAreTransientButTlsFailuresAreNot() {
		assertThat(ProxmoxErrors.fromTransport("GET /version", new SocketTimeoutException("timeout")).isTransient())
			.isTrue();
		assertThat(ProxmoxErrors.fromTransport("GET /version", new IOException("Connection refused")).isTransient())
			.isTrue();
		ProxmoxException tls = ProxmoxErrors.fromTransport("GET /version", new SSLPeerUnverifiedException("pin"));
		assertThat(tls.isTransient()).isFalse();
		assertThat(tls.getMessage()).contains("inventory.proxmox.fingerprint");
	}

	@Test
	void failedTaskQuotesExitstatusAndLogTail() {
		Upid upid = new Upid("UPID:pve:0002A001:00626007:6B07F1F9:qmclone:9000:rollout@pve!engine:");
		ProxmoxTaskFailedException failed = new ProxmoxTaskFailedException(upid,
				"clone failed: cfs-lock 'storage-local-lvm' error: got lock request timeout",
				java.util.List.of("create full clone of drive scsi0", "TASK ERROR: clone failed"));
		assertThat(failed.getMessage())
			.startsWith("Proxmox VE task qmclone of VM 9000 on node pve failed: 'clone failed")
			.contains("create full clone of drive scsi0 | TASK ERROR: clone failed");
		assertThat(failed.isTransient()).isTrue();
	}

	private static ProxmoxException fromStatus(int status, String reason) {
		return ProxmoxErrors.fromStatus("POST /nodes/pve/qemu/101/status/start", status, reason, Map.of());
	}

}
