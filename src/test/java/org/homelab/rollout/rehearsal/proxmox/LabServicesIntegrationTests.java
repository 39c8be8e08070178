package org.homelab.rollout.rehearsal.proxmox;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.homelab.rollout.rehearsal.LabSettings;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.vault.authentication.TokenAuthentication;
import org.springframework.vault.client.VaultEndpoint;
import org.springframework.vault.core.VaultTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Services come up where the real ones would: Vault listens at its VM's address only once
 * a script run through the guest agent has configured and enabled it, and the real Spring
 * Vault client then talks to it.
 */
class LabServicesIntegrationTests {

	// an address of the rehearsal network no other test uses, so its port 8200 is free
	private static final String ADDRESS = "127.0.10.222";

	@Test
	void vaultListensAtTheVmsAddressOnceTheInstallScriptHasEnabledIt(@TempDir Path labDir) {
		try (RehearsalLab lab = new RehearsalLab(new LabSettings(0.01, 1, List.of(), 0, 0, 0, labDir)).start()) {
			PveClient pve = PveClient.trusting(lab.proxmox());
			pve.waitFor(pve.post("/nodes/pve/qemu/9000/clone", "newid", "122", "name", "vault", "full", "1")
				.data()
				.asText());
			pve.put("/nodes/pve/qemu/122/config", "ipconfig0", "ip=" + ADDRESS + "/24,gw=127.0.10.1", "agent", "1");
			pve.waitFor(pve.post("/nodes/pve/qemu/122/status/start").data().asText());
			await().atMost(Duration.ofSeconds(20))
				.until(() -> pve.post("/nodes/pve/qemu/122/agent/ping").code() == 200);
			assertThat(lab.vaults().lab(122)).isEmpty();

			pve.post("/nodes/pve/qemu/122/agent/file-write", "file", "/etc/vault.d/vault.hcl", "content",
					"storage \"raft\" { path = \"/opt/vault/data\" }\nlistener \"tcp\" {\n  address = \"0.0.0.0:8200\"\n"
							+ "  tls_disable = 1\n}\n");
			int pid = pve
				.post("/nodes/pve/qemu/122/agent/exec", "command", "systemctl", "command", "enable", "command", "--now",
						"command", "vault")
				.data()
				.path("pid")
				.asInt();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> pve.get("/nodes/pve/qemu/122/agent/exec-status", "pid", String.valueOf(pid))
					.data()
					.path("exited")
					.asBoolean());

			VaultTemplate vault = new VaultTemplate(VaultEndpoint.from(URI.create("http://" + ADDRESS + ":8200")),
					new SimpleClientHttpRequestFactory(), () -> new TokenAuthentication("none").login());
			assertThat(vault.opsForSys().isInitialized()).isFalse();
			assertThat(lab.journal().entries("vault")).isNotEmpty();
			assertThat(lab.journal().violations()).isEmpty();
		}
	}

}
