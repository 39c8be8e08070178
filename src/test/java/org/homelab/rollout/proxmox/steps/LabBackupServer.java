package org.homelab.rollout.proxmox.steps;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import okhttp3.OkHttpClient;
import org.homelab.rollout.backup.PbsCredentials;
import org.homelab.rollout.backup.PbsEndpoint;
import org.homelab.rollout.backup.PbsTask;
import org.homelab.rollout.backup.ProxmoxBackupClients;
import org.homelab.rollout.backup.ProxmoxBackupOperations;
import org.homelab.rollout.proxmox.ExecStatus;
import org.homelab.rollout.proxmox.ProxmoxAgentOperations;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.rehearsal.backup.PbsLab;
import org.homelab.rollout.vault.EngineSecrets;
import org.homelab.rollout.vault.SecretReference;
import org.homelab.rollout.vault.VaultTargets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lab's Proxmox Backup Server on the proxmox-backup VM, set up as pbs-install does
 * it: the package installed through the guest agent, the datastore, and PVE's token
 * (DatastoreBackup on it only) with its id and secret straight into Vault at
 * {@value #TOKEN_PATH}.
 */
final class LabBackupServer {

	static final int VMID = 190;

	static final String ADDRESS = "127.0.10.25";

	static final String STORE = "homelab";

	static final String TOKEN_PATH = "services/proxmox-backup/pve-token";

	static final String TOKEN_ID = "pve-backup@pbs!pve";

	private LabBackupServer() {
	}

	/** Installs it; answers its certificate's fingerprint. */
	static String install(RehearsalLab lab, ProxmoxAgentOperations agent, EngineSecrets secrets, VaultTargets vaults) {
		lab.proxmox().seedRunningVm(VMID, "proxmox-backup", ADDRESS);
		run(agent, "sh", "-c", "wget -q https://enterprise.proxmox.com/debian/proxmox-archive-keyring-trixie.gpg"
				+ " -O /usr/share/keyrings/proxmox-archive-keyring.gpg");
		agent.fileWrite(VMID, "/etc/apt/sources.list.d/proxmox.sources", """
				Types: deb
				URIs: http://download.proxmox.com/debian/pbs
				Suites: trixie
				Components: pbs-no-subscription
				Signed-By: /usr/share/keyrings/proxmox-archive-keyring.gpg
				""");
		run(agent, "apt-get", "install", "-y", "proxmox-backup-server");
		PbsLab pbs = lab.backupServerLab().lab(VMID).orElseThrow();
		ProxmoxBackupOperations root = ProxmoxBackupClients.create(
				new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(5)).build(),
				PbsEndpoint.pinned(URI.create("https://" + ADDRESS + ":" + PbsLab.PORT), pbs.fingerprint()),
				PbsCredentials.password("root@pam", lab::backupServerRootPassword));
		root.datastores().ensure(STORE, "/mnt/datastore/" + STORE, "daily", "Phase 4").ifPresent(upid -> {
			await().atMost(Duration.ofSeconds(30)).until(() -> !root.tasks().status(upid).running());
			PbsTask task = root.tasks().status(upid);
			assertThat(task.succeeded()).as(task.exitstatus()).isTrue();
		});
		root.access()
			.ensureBackupToken("pve-backup@pbs", "pve", STORE, "Proxmox VE backups",
					secret -> secrets.replace(vaults.target(null, null), new SecretReference("homelab", TOKEN_PATH),
							Map.of(BackupSetupSteps.TOKEN_ID_KEY, secret.tokenId(), BackupSetupSteps.SECRET_KEY,
									secret.reveal())));
		return pbs.fingerprint();
	}

	private static void run(ProxmoxAgentOperations agent, String... command) {
		int pid = agent.exec(VMID, List.of(command), null);
		ExecStatus status = await().atMost(Duration.ofSeconds(60))
			.until(() -> agent.execStatus(VMID, pid), ExecStatus::exited);
		assertThat(status.succeeded()).as(String.join(" ", command) + ": " + status.err()).isTrue();
	}

}
