package org.homelab.rollout.gitlab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;

import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.tls.Certificates;
import okhttp3.tls.HandshakeCertificates;

/**
 * Makes the GitLab client from the application's shared OkHttp client. TLS is always
 * verified, hostname included: against the CA in {@code caFile} (the front door's, where
 * GitLab is served) or, when null, the JVM's trust store. Never trust-all.
 */
public final class GitlabClients {

	private GitlabClients() {
	}

	/**
	 * @param url GitLab's address, e.g. {@code https://gitlab.homelab.lan}; the API is
	 * under {@code /api/v4}
	 * @param tokens asked for the engine's token at each call (from Vault)
	 */
	public static GitlabOperations create(OkHttpClient shared, HttpUrl url, Path caFile, Duration timeout,
			GitlabTokenSource tokens) {
		return create(shared, url, registryOf(url), caFile, timeout, tokens);
	}

	/**
	 * As {@link #create(OkHttpClient, HttpUrl, Path, Duration, GitlabTokenSource)}, with
	 * the container registry's address (e.g. {@code https://registry.homelab.lan}), which
	 * the same CA covers.
	 */
	public static GitlabOperations create(OkHttpClient shared, HttpUrl url, HttpUrl registry, Path caFile,
			Duration timeout, GitlabTokenSource tokens) {
		OkHttpClient.Builder builder = shared.newBuilder().connectTimeout(timeout).readTimeout(timeout);
		if (caFile != null) {
			X509Certificate ca = Certificates.decodeCertificatePem(read(caFile));
			HandshakeCertificates trust = new HandshakeCertificates.Builder().addTrustedCertificate(ca).build();
			builder.sslSocketFactory(trust.sslSocketFactory(), trust.trustManager());
		}
		HttpUrl api = url.newBuilder().addPathSegment("api").addPathSegment("v4").build();
		return new GitlabTemplate(builder.build(), api, registry, tokens);
	}

	/**
	 * The homelab's convention (docs/gitlab.md): GitLab at {@code gitlab.<domain>}, its
	 * registry at {@code registry.<domain>}, both at the front door; null for another
	 * name.
	 */
	static HttpUrl registryOf(HttpUrl gitlab) {
		if (!gitlab.host().startsWith("gitlab.")) {
			return null;
		}
		return new HttpUrl.Builder().scheme(gitlab.scheme())
			.host("registry." + gitlab.host().substring("gitlab.".length()))
			.port(gitlab.port())
			.build();
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the CA file for GitLab " + file, ex);
		}
	}

}
