package org.homelab.rollout.rehearsal.frontdoor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.HandshakeCertificates;

/**
 * A client of the front door as a browser in the homelab: names under rehearsal.lan
 * resolve to the frontend, TLS is verified against the published front-door CA file only,
 * redirects are not followed.
 */
final class FrontDoorBrowser {

	record Page(int status, String location, String body) {
	}

	private final OkHttpClient http;

	private final String address;

	FrontDoorBrowser(Map<String, Object> inventory) {
		this.address = (String) inventory.get("inventory.frontdoor.authelia-host");
		try (var in = Files.newInputStream(Path.of((String) inventory.get("inventory.frontdoor.ca-file")))) {
			X509Certificate ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
			HandshakeCertificates trust = new HandshakeCertificates.Builder().addTrustedCertificate(ca).build();
			this.http = new OkHttpClient.Builder().sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
				.dns(host -> List.of(InetAddress.getByName(this.address)))
				.followRedirects(false)
				.followSslRedirects(false)
				.build();
		}
		catch (IOException | CertificateException ex) {
			throw new IllegalStateException(ex);
		}
	}

	Page get(String url, String sessionCookie) {
		Request.Builder request = new Request.Builder().url(url);
		if (sessionCookie != null) {
			request.header("Cookie", "authelia_session=" + sessionCookie);
		}
		try (Response response = this.http.newCall(request.build()).execute()) {
			return new Page(response.code(), response.header("Location"), response.body().string());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
