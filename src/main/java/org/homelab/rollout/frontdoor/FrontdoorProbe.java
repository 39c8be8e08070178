package org.homelab.rollout.frontdoor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.tls.Certificates;
import okhttp3.tls.HandshakeCertificates;

/**
 * Asks the front door for a service's page as a browser without a session would: HTTPS to
 * the frontend server's address with the service's domain as host name (so the check
 * needs no DNS record yet), the certificate checked against the configured CA (or the
 * JVM's trust store), redirects not followed. One request per {@link #ask}.
 */
public final class FrontdoorProbe {

	private final OkHttpClient http;

	private final int httpsPort;

	/**
	 * @param frontend the frontend server's address, where every service's domain leads
	 * @param httpsPort where the front door serves HTTPS
	 * @param caFile the CA the front door's certificates chain to; null: the JVM's
	 * @param timeout connect and read timeout
	 */
	public FrontdoorProbe(String frontend, int httpsPort, Path caFile, Duration timeout) {
		this.httpsPort = httpsPort;
		OkHttpClient.Builder builder = new OkHttpClient.Builder().followRedirects(false)
			.followSslRedirects(false)
			.connectTimeout(timeout)
			.readTimeout(timeout)
			.dns(host -> List.of(InetAddress.getByName(frontend)));
		if (caFile != null) {
			X509Certificate ca = Certificates.decodeCertificatePem(read(caFile));
			HandshakeCertificates trust = new HandshakeCertificates.Builder().addTrustedCertificate(ca).build();
			builder.sslSocketFactory(trust.sslSocketFactory(), trust.trustManager());
		}
		this.http = builder.build();
	}

	/** What the front door answered for {@code https://<domain>/}. */
	public Answer ask(String domain) {
		return ask(domain, "/");
	}

	/** What the front door answered for {@code https://<domain><path>}. */
	public Answer ask(String domain, String path) {
		String url = "https://" + domain + ((this.httpsPort != 443) ? ":" + this.httpsPort : "") + path;
		try (Response response = this.http.newCall(new Request.Builder().url(url).get().build()).execute()) {
			return new Answer(url, response.code(), response.header("Location"), null);
		}
		catch (IOException ex) {
			return new Answer(url, 0, null, ex.getClass().getSimpleName() + ": " + ex.getMessage());
		}
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read inventory.frontdoor.ca-file " + file, ex);
		}
	}

	/**
	 * @param url what was asked
	 * @param status the HTTP status, 0 when nothing answered
	 * @param location the Location header, or null
	 * @param failure why nothing answered, or null
	 */
	public record Answer(String url, int status, String location, String failure) {

		/** A redirect to Authelia's portal: the service is guarded. */
		public boolean sentTo(String portal) {
			return (this.status == 302 || this.status == 303) && this.location != null
					&& this.location.startsWith(portal);
		}

		/** The service itself answered (nginx passed the request on). */
		public boolean served() {
			return this.status >= 200 && this.status < 500 && this.status != 404;
		}

		@Override
		public String toString() {
			return (this.failure != null) ? this.url + " failed: " + this.failure
					: this.url + " answered " + this.status + ((this.location != null) ? " to " + this.location : "");
		}

	}

}
