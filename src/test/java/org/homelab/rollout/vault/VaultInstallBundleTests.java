package org.homelab.rollout.vault;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.Certificates;
import okhttp3.tls.HandshakeCertificates;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.GuestCommand;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.rehearsal.vault.VaultLab;
import org.homelab.rollout.rehearsal.vault.VaultService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The install material brings Vault up where and how its config says (the rehearsal's
 * simulated unit reads the same vault.hcl and PEM files), and the engine then reaches it
 * with TLS verified against the CA it created.
 */
class VaultInstallBundleTests {

	@TempDir
	Path dir;

	private final VaultService unit = new VaultService(() -> new VaultLab(FaultInjector.none(), new RequestJournal()));

	private final Map<String, byte[]> files = new HashMap<>();

	@AfterEach
	void stop() {
		this.unit.stopAll();
	}

	@Test
	void installedVaultServesTlsThatTheEngineVerifiesWithTheCaItCreated() throws Exception {
		ClientWiring client = ClientWiring.plain(this.dir.resolve("state"));
		VaultTlsIssuer issuer = new VaultTlsIssuer(client.properties);
		InetAddress address = InetAddress.getLoopbackAddress();
		IssuedTls tls = issuer.issue("vault.rehearsal.lan", address);
		int port = freePort();
		VaultInstallBundle bundle = VaultInstallBundle.of("vault.rehearsal.lan", port, tls);
		// where the script moves the staged files
		bundle.files().forEach(f -> this.files.put(f.target(), f.content().getBytes(StandardCharsets.UTF_8)));

		GuestCommand.Result started = this.unit.run(guest(address), List.of("systemctl", "enable", "--now", "vault"),
				"");

		assertThat(started.exitCode()).as(started.stderr()).isZero();
		VaultTarget target = new VaultTarget(URI.create("https://127.0.0.1:" + port), tls.caFile());
		assertThat(client.seal.status(target).phase()).isEqualTo(SealState.Phase.UNINITIALIZED);
		assertThat(bundle.script()).contains("systemctl enable --now vault").doesNotContain("PRIVATE KEY");
		assertThat(bundle.files()).allMatch(f -> f.staged().startsWith("/root/"));
		assertThat(bundle.toString()).doesNotContain("PRIVATE KEY");
		assertThat(tls.toString()).doesNotContain("PRIVATE KEY");
	}

	@Test
	void prometheusScrapesTheInstalledVaultWithoutATokenTrustingTheCaKnownBeforeInstall() throws Exception {
		ClientWiring client = ClientWiring.plain(this.dir.resolve("state"));
		VaultTlsIssuer issuer = new VaultTlsIssuer(client.properties);
		// Prometheus' configuration is written while Vault may still be installing
		Path caKnownBefore = issuer.issuingCaCertificate();
		InetAddress address = InetAddress.getLoopbackAddress();
		int port = freePort();
		VaultInstallBundle bundle = VaultInstallBundle.of("vault.rehearsal.lan", port,
				issuer.issue("vault.rehearsal.lan", address));
		bundle.files().forEach(f -> this.files.put(f.target(), f.content().getBytes(StandardCharsets.UTF_8)));
		this.unit.run(guest(address), List.of("systemctl", "enable", "--now", "vault"), "");

		HandshakeCertificates trust = new HandshakeCertificates.Builder()
			.addTrustedCertificate(Certificates.decodeCertificatePem(Files.readString(caKnownBefore)))
			.build();
		OkHttpClient prometheus = new OkHttpClient.Builder()
			.sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
			.build();
		Request scrape = new Request.Builder().url("https://127.0.0.1:" + port + "/v1/sys/metrics?format=prometheus")
			.build();
		try (Response response = prometheus.newCall(scrape).execute()) {
			assertThat(response.code()).isEqualTo(200);
			// not initialised yet, so sealed: exactly what the VaultSealed rule reads
			assertThat(response.body().string()).contains("vault_core_unsealed 0");
		}
	}

	@Test
	void theEnginesCaIsCreatedOnceWithAnOwnerOnlyKeyAndReused() throws Exception {
		ClientWiring client = ClientWiring.plain(this.dir.resolve("state"));
		IssuedTls first = new VaultTlsIssuer(client.properties).issue("vault.homelab.lan",
				InetAddress.getByName("192.168.1.22"));
		IssuedTls second = new VaultTlsIssuer(client.properties).issue("vault.homelab.lan",
				InetAddress.getByName("192.168.1.22"));

		assertThat(second.caCertificatePem()).isEqualTo(first.caCertificatePem());
		assertThat(second.certificateChainPem()).isNotEqualTo(first.certificateChainPem());
		Path key = this.dir.resolve("state").resolve(VaultTlsIssuer.CA_KEY);
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
		assertThat(Files.readString(first.caFile())).isEqualTo(first.caCertificatePem());
	}

	private GuestCommand.Guest guest(InetAddress address) {
		Map<String, byte[]> store = this.files;
		return new GuestCommand.Guest() {
			@Override
			public String name() {
				return "vault";
			}

			@Override
			public int vmid() {
				return 122;
			}

			@Override
			public InetAddress address() {
				return address;
			}

			@Override
			public Map<String, byte[]> files() {
				return store;
			}
		};
	}

	private static int freePort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
