package org.homelab.rollout.argocd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;

import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.tls.Certificates;
import okhttp3.tls.HandshakeCertificates;

/**
 * Makes the Argo CD client from the application's shared OkHttp client. TLS is always
 * verified, hostname included: against the CA in {@code caFile} or, when null, the JVM's
 * trust store. Never trust-all. Also the {@code argoCdClients} bean, which makes it from
 * {@code rollout.argocd.*}.
 */
public final class ArgoCdClients {

	private final OkHttpClient shared;

	private final ArgoCdProperties properties;

	ArgoCdClients(OkHttpClient shared, ArgoCdProperties properties) {
		this.shared = shared;
		this.properties = properties;
	}

	/**
	 * The client for {@code rollout.argocd.url}, logging in as
	 * {@code rollout.argocd.username} with the password asked of {@code passwords}.
	 */
	public ArgoCdOperations operations(ArgoCdPasswordSource passwords) {
		if (this.properties.url() == null || this.properties.url().isBlank()) {
			throw new IllegalStateException("rollout.argocd.url is not set: give argocd-server's address"
					+ " (e.g. https://argocd.homelab.lan) before Argo CD is driven");
		}
		return operations(this.properties.url(), passwords);
	}

	/** As {@link #operations(ArgoCdPasswordSource)} for Argo CD at {@code url}. */
	public ArgoCdOperations operations(String url, ArgoCdPasswordSource passwords) {
		return create(this.shared, HttpUrl.get(url), this.properties.caFile(), this.properties.timeout(),
				this.properties.username(), this.properties.namespace(), passwords);
	}

	public ArgoCdProperties properties() {
		return this.properties;
	}

	/**
	 * @param url argocd-server's address; the API is under {@code /api/v1}
	 * @param caFile the CA to trust, null for the JVM's trust store
	 * @param username the local account to log in as (e.g. {@code admin})
	 * @param namespace Argo CD's namespace, where Applications and AppProjects live
	 * @param passwords asked for the account's password at each login
	 */
	public static ArgoCdOperations create(OkHttpClient shared, HttpUrl url, Path caFile, Duration timeout,
			String username, String namespace, ArgoCdPasswordSource passwords) {
		OkHttpClient.Builder builder = shared.newBuilder().connectTimeout(timeout).readTimeout(timeout);
		if (caFile != null) {
			X509Certificate ca = Certificates.decodeCertificatePem(read(caFile));
			HandshakeCertificates trust = new HandshakeCertificates.Builder().addTrustedCertificate(ca).build();
			builder.sslSocketFactory(trust.sslSocketFactory(), trust.trustManager());
		}
		HttpUrl api = url.newBuilder().addPathSegment("api").addPathSegment("v1").build();
		return new ArgoCdTemplate(new ArgoCdHttp(builder.build(), api, username, passwords, Clock.systemUTC()),
				namespace);
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the CA file for Argo CD " + file, ex);
		}
	}

}
