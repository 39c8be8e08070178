package org.homelab.rollout.rehearsal.proxmox;

import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Map;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProxmoxLabSecurityTests {

	static ProxmoxLab lab;

	@BeforeAll
	static void start() {
		lab = new ProxmoxLab();
		lab.start();
	}

	@AfterAll
	static void stop() {
		lab.close();
	}

	@Test
	void clientTrustingTheLabCaVerifiesTheServer() {
		assertThat(lab.caCertificatePem()).startsWith("-----BEGIN CERTIFICATE-----");
		assertThat(lab.url()).startsWith("https://127.0.0.1:").endsWith("/api2/json");
		assertThat(PveClient.trusting(lab).get("/version").data().path("release").asText()).isEqualTo("9.1");
	}

	@Test
	void clientTrustingAnotherCaIsRefusedTheHandshake() {
		HeldCertificate stranger = new HeldCertificate.Builder().certificateAuthority(0).build();
		HandshakeCertificates trust = new HandshakeCertificates.Builder().addTrustedCertificate(stranger.certificate())
			.build();
		PveClient client = new PveClient(PveClient.http(trust.sslSocketFactory(), trust.trustManager()), lab.url(),
				Map.of("Authorization", lab.apiTokenHeader()));
		assertThatThrownBy(() -> client.get("/version")).isInstanceOf(UncheckedIOException.class);
	}

	@Test
	void clientPinningTheFingerprintConnectsAndAWrongPinFails() throws Exception {
		assertThat(lab.fingerprintSha256()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
		assertThat(pinned(lab.fingerprintSha256()).get("/version").code()).isEqualTo(200);
		// another first byte: "00" + the rest was the right pin once in 256 labs
		String wrong = (lab.fingerprintSha256().startsWith("00") ? "01" : "00") + lab.fingerprintSha256().substring(2);
		assertThatThrownBy(() -> pinned(wrong).get("/version")).isInstanceOf(UncheckedIOException.class);
	}

	@Test
	void requestWithoutCredentialsIsUnauthorized() {
		PveClient anonymous = PveClient.trusting(lab).with(Map.of());
		PveClient.Answer answer = anonymous.get("/nodes/pve/qemu");
		assertThat(answer.code()).isEqualTo(401);
		assertThat(answer.reason()).isEqualTo("No ticket");
		PveClient.Answer wrong = anonymous.with(Map.of("Authorization", "PVEAPIToken=rollout@pve!engine=nope"))
			.get("/nodes/pve/qemu");
		assertThat(wrong.code()).isEqualTo(401);
		assertThat(wrong.reason()).isEqualTo("authentication failure");
	}

	@Test
	void ticketLoginWorksAndWritesNeedTheCsrfToken() {
		PveClient anonymous = PveClient.trusting(lab).with(Map.of());
		assertThat(anonymous.post("/access/ticket", "username", "root@pam", "password", "wrong").code()).isEqualTo(401);
		JsonNode login = anonymous.post("/access/ticket", "username", "root@pam", "password", "rehearsal").data();
		assertThat(login.path("username").asText()).isEqualTo("root@pam");
		String cookie = "PVEAuthCookie=" + login.path("ticket").asText();
		PveClient ticket = anonymous.with(Map.of("Cookie", cookie));
		assertThat(ticket.get("/nodes/pve/qemu").code()).isEqualTo(200);
		PveClient.Answer noCsrf = ticket.put("/nodes/pve/qemu/9000/config", "description", "x");
		assertThat(noCsrf.code()).isEqualTo(401);
		assertThat(noCsrf.reason()).isEqualTo("Permission denied - invalid csrf token");
		PveClient csrf = anonymous
			.with(Map.of("Cookie", cookie, "CSRFPreventionToken", login.path("CSRFPreventionToken").asText()));
		assertThat(csrf.put("/nodes/pve/qemu/9000/config", "description", "x").code()).isEqualTo(200);
		PveClient.Answer forged = anonymous.with(Map.of("Cookie", cookie.replace("root@pam", "admin@pam")))
			.get("/nodes/pve/qemu");
		assertThat(forged.code()).isEqualTo(401);
		assertThat(forged.reason()).isEqualTo("permission denied - invalid PVE ticket");
	}

	private static PveClient pinned(String fingerprint) throws Exception {
		X509TrustManager pin = new X509TrustManager() {

			@Override
			public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
				try {
					String actual = HexFormat.ofDelimiter(":")
						.withUpperCase()
						.formatHex(MessageDigest.getInstance("SHA-256").digest(chain[0].getEncoded()));
					if (!actual.equals(fingerprint)) {
						throw new CertificateException("fingerprint " + actual + " is not the pinned " + fingerprint);
					}
				}
				catch (java.security.NoSuchAlgorithmException ex) {
					throw new CertificateException(ex);
				}
			}

			@Override
			public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
				throw new CertificateException("no client certificates here");
			}

			@Override
			public X509Certificate[] getAcceptedIssuers() {
				return new X509Certificate[0];
			}

		};
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, new TrustManager[] { pin }, null);
		return new PveClient(PveClient.http(context.getSocketFactory(), pin), lab.url(),
				Map.of("Authorization", lab.apiTokenHeader()));
	}

}
