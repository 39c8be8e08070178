package org.homelab.rollout.phases;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.Certificates;
import okhttp3.tls.HandshakeCertificates;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.rehearsal.frontdoor.FrontdoorLab;

/**
 * The lab's front door as a browser meets it: HTTPS to the frontend with the service's
 * domain, the certificate checked against the lab's front-door CA, redirects not
 * followed, with or without an Authelia session the lab issued. And the three files the
 * rollout edits there, to compare before and after.
 */
final class FrontDoor {

	static final List<String> FILES = List.of("/etc/authelia/configuration.yml", "/opt/homepage/config/services.yaml");

	private final RehearsalLab lab;

	private final OkHttpClient http;

	FrontDoor(RehearsalLab lab) {
		this.lab = lab;
		try {
			HandshakeCertificates trust = new HandshakeCertificates.Builder()
				.addTrustedCertificate(Certificates.decodeCertificatePem(Files.readString(lab.frontdoor().caFile())))
				.build();
			this.http = new OkHttpClient.Builder().sslSocketFactory(trust.sslSocketFactory(), trust.trustManager())
				.followRedirects(false)
				.followSslRedirects(false)
				.dns(host -> List.of(InetAddress.getByName("127.0.10.10")))
				.readTimeout(Duration.ofSeconds(10))
				.build();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * {@code status Location} of https://domain/ with the given session, or none (null).
	 */
	String ask(String domain, String session) throws IOException {
		Request.Builder request = new Request.Builder().url("https://" + domain + ":" + FrontdoorLab.HTTPS_PORT + "/");
		if (session != null) {
			request.header("Cookie", "authelia_session=" + session);
		}
		try (Response response = this.http.newCall(request.build()).execute()) {
			return response.code() + " " + response.header("Location", "");
		}
	}

	/** An Authelia session of an admin, with two factors when asked. */
	String admin(boolean twoFactor) {
		return this.lab.frontdoor().session("alice", List.of("admins"), twoFactor);
	}

	/**
	 * The frontend's nginx sites, Authelia's configuration and Homepage's services, as
	 * they are now.
	 */
	Map<String, String> files() {
		Map<String, String> files = new TreeMap<>();
		this.lab.frontdoor()
			.nginxSites()
			.forEach((name, content) -> files.put("/etc/nginx/sites-enabled/" + name, content));
		Map<String, byte[]> guest = this.lab.proxmox().guestFiles(RehearsalLab.FRONTEND_VMID);
		FILES.forEach(path -> files.put(path, new String(guest.get(path), StandardCharsets.UTF_8)));
		return files;
	}

}
