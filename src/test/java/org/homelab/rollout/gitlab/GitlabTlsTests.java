package org.homelab.rollout.gitlab;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** TLS to GitLab is verified: the configured CA is trusted, an unknown one is not. */
class GitlabTlsTests {

	private final MockWebServer server = new MockWebServer();

	private HeldCertificate ca;

	@TempDir
	Path dir;

	@BeforeEach
	void start() throws Exception {
		this.ca = new HeldCertificate.Builder().certificateAuthority(0).commonName("homelab-ca").build();
		HeldCertificate gitlab = new HeldCertificate.Builder().signedBy(this.ca)
			.addSubjectAlternativeName("localhost")
			.build();
		this.server.useHttps(new HandshakeCertificates.Builder().heldCertificate(gitlab).build().sslSocketFactory());
		this.server.start();
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void theConfiguredCaIsTrusted() throws Exception {
		Path caFile = Files.writeString(this.dir.resolve("ca.pem"), this.ca.certificatePem());
		this.server.enqueue(new MockResponse.Builder().code(200).body("{\"version\":\"17.10.1\"}").build());
		GitlabOperations client = GitlabClients.create(new OkHttpClient(), this.server.url("/"), caFile,
				Duration.ofSeconds(2), () -> GitlabTestServer.TOKEN);
		assertThat(client.version().version()).isEqualTo("17.10.1");
	}

	@Test
	void aCertificateNoTrustedCaSignedIsRefusedForGood() throws Exception {
		HeldCertificate other = new HeldCertificate.Builder().certificateAuthority(0).commonName("other").build();
		Path caFile = Files.writeString(this.dir.resolve("other.pem"), other.certificatePem());
		for (Path trusted : new Path[] { caFile, null }) {
			GitlabOperations client = GitlabClients.create(new OkHttpClient(), this.server.url("/"), trusted,
					Duration.ofSeconds(2), () -> GitlabTestServer.TOKEN);
			GitlabException ex = catchThrowableOfType(GitlabException.class, client::version);
			assertThat(ex.isTransient()).isFalse();
			assertThat(ex.getMessage()).contains("TLS to GitLab failed").doesNotContain(GitlabTestServer.TOKEN);
		}
	}

}
