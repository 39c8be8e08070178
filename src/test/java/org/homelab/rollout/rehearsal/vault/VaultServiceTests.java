package org.homelab.rollout.rehearsal.vault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.GuestCommand;
import org.homelab.rollout.rehearsal.GuestCommand.Result;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Vault comes up in a VM where and how its config says, once the install script enables
 * the unit.
 */
class VaultServiceTests {

	private static final String ADDRESS = "127.0.77.21";

	private final VaultService service = new VaultService(
			() -> new VaultLab(FaultInjector.none(), new RequestJournal()));

	private final Map<String, byte[]> files = new HashMap<>();

	private final GuestCommand.Guest guest = new GuestCommand.Guest() {

		@Override
		public String name() {
			return "vault-1";
		}

		@Override
		public int vmid() {
			return 121;
		}

		@Override
		public InetAddress address() {
			try {
				return InetAddress.getByName(ADDRESS);
			}
			catch (UnknownHostException ex) {
				throw new IllegalStateException(ex);
			}
		}

		@Override
		public Map<String, byte[]> files() {
			return VaultServiceTests.this.files;
		}

	};

	@AfterEach
	void stop() {
		this.service.stopAll();
	}

	private Result run(String command) {
		List<String> argv = List.of(command.split(" "));
		assertThat(this.service.handles(argv)).isTrue();
		return this.service.run(this.guest, argv, "");
	}

	private void write(String path, String text) {
		this.files.put(path, text.getBytes(StandardCharsets.UTF_8));
	}

	@Test
	void enablingTheUnitStartsVaultWithTlsFromTheConfiguredFiles() {
		HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("homelab-ca").build();
		HeldCertificate server = new HeldCertificate.Builder().signedBy(ca).addSubjectAlternativeName(ADDRESS).build();
		write("/opt/vault/tls/tls.crt", server.certificatePem() + ca.certificatePem());
		write("/opt/vault/tls/tls.key", server.privateKeyPkcs8Pem());
		write(VaultService.CONFIG, """
				ui = true
				storage "file" {
				  path = "/opt/vault/data"
				}
				listener "tcp" {
				  address       = "0.0.0.0:18200"
				  tls_cert_file = "/opt/vault/tls/tls.crt"
				  tls_key_file  = "/opt/vault/tls/tls.key"
				}
				""");
		assertThat(run("systemctl is-active vault").exitCode()).isEqualTo(3);
		assertThat(run("systemctl enable --now vault").exitCode()).isZero();
		assertThat(run("systemctl is-active vault").stdout()).isEqualTo("active\n");
		VaultLab lab = this.service.lab(121).orElseThrow();
		assertThat(lab.url().toString()).isEqualTo("https://" + ADDRESS + ":18200");
		HandshakeCertificates trust = new HandshakeCertificates.Builder().addTrustedCertificate(ca.certificate())
			.build();
		OkHttpClient http = new OkHttpClient.Builder().sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
			.build();
		VaultClient client = new VaultClient(lab.url(), http);
		assertThat(client.get("sys/health", null).status()).isEqualTo(501);
		client.initAndUnseal();
		assertThat(run("vault status").exitCode()).isZero();
	}

	@Test
	void restartingTheUnitBringsVaultBackSealedWithItsData() {
		write(VaultService.CONFIG, "listener \"tcp\" {\n  address = \"0.0.0.0:18201\"\n  tls_disable = 1\n}\n");
		run("systemctl start vault");
		VaultLab lab = this.service.lab(121).orElseThrow();
		assertThat(lab.url().toString()).isEqualTo("http://" + ADDRESS + ":18201");
		new VaultClient(lab.url()).initAndUnseal();
		assertThat(lab.sealed()).isFalse();
		run("systemctl restart vault");
		assertThat(this.service.lab(121)).containsSame(lab);
		assertThat(lab.sealed()).isTrue();
		assertThat(lab.initialized()).isTrue();
		Result status = run("vault status");
		assertThat(status.exitCode()).isEqualTo(2);
		assertThat(status.stdout()).contains("Sealed             true");
		run("systemctl stop vault");
		assertThat(run("systemctl is-active vault.service").stdout()).isEqualTo("inactive\n");
	}

	@Test
	void metricsAreOpenToPrometheusOnlyWhenTheConfigSaysSo() {
		write(VaultService.CONFIG, """
				listener "tcp" {
				  address     = "0.0.0.0:18202"
				  tls_disable = 1
				  telemetry {
				    unauthenticated_metrics_access = true
				  }
				}
				telemetry {
				  prometheus_retention_time = "30s"
				}
				""");
		run("systemctl start vault");
		String metrics = this.service.lab(121).orElseThrow().url() + "/v1/sys/metrics?format=prometheus";
		assertThat(scrape(metrics)).isEqualTo("200 vault_core_unsealed 0");
		new VaultClient(this.service.lab(121).orElseThrow().url()).initAndUnseal();
		assertThat(scrape(metrics)).isEqualTo("200 vault_core_unsealed 1");
		run("systemctl stop vault");
		// without the listener's telemetry block metrics need a token, and a sealed Vault
		// answers none
		write(VaultService.CONFIG, "listener \"tcp\" {\n  address = \"0.0.0.0:18202\"\n  tls_disable = 1\n}\n");
		run("systemctl start vault");
		assertThat(scrape(metrics)).startsWith("503");
	}

	/** The status and the line about the seal, as Prometheus would read them. */
	private static String scrape(String url) {
		try (Response response = new OkHttpClient().newCall(new Request.Builder().url(url).build()).execute()) {
			String unsealed = response.body()
				.string()
				.lines()
				.filter(line -> line.startsWith("vault_core_unsealed "))
				.findFirst()
				.orElse("");
			return (response.code() + " " + unsealed).trim();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Test
	void unitFailsWithoutConfigOrWithMissingTlsFiles() {
		assertThat(run("systemctl enable --now vault").exitCode()).isEqualTo(1);
		write(VaultService.CONFIG,
				"listener \"tcp\" {\n  address = \"0.0.0.0:8200\"\n  tls_cert_file = \"/nope.crt\"\n  tls_key_file = \"/nope.key\"\n}\n");
		Result result = run("systemctl start vault");
		assertThat(result.exitCode()).isEqualTo(1);
		assertThat(result.stderr()).contains("Job for vault.service failed");
		assertThat(run("vault status").exitCode()).isEqualTo(1);
	}

	@Test
	void onlyVaultUnitsAreHandled() {
		assertThat(this.service.handles(List.of("systemctl", "start", "nginx"))).isFalse();
		assertThat(this.service.handles(List.of("apt-get", "install", "vault"))).isFalse();
		assertThat(this.service.handles(List.of("systemctl", "daemon-reload"))).isFalse();
	}

}
