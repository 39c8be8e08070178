package org.homelab.rollout.backup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import okhttp3.OkHttpClient;
import okhttp3.tls.Certificates;
import okhttp3.tls.HandshakeCertificates;
import org.homelab.rollout.proxmox.FingerprintTrust;

/**
 * TLS to PBS is always verified: against the endpoint's CA file (hostname checked as
 * usual) or pinned to its certificate fingerprint.
 */
final class PbsTls {

	private PbsTls() {
	}

	static OkHttpClient.Builder apply(PbsEndpoint endpoint, OkHttpClient.Builder builder) {
		if (!PbsEndpoint.blank(endpoint.caFile())) {
			HandshakeCertificates trust = new HandshakeCertificates.Builder()
				.addTrustedCertificate(Certificates.decodeCertificatePem(read(endpoint.caFile())))
				.build();
			return builder.sslSocketFactory(trust.sslSocketFactory(), trust.trustManager());
		}
		FingerprintTrust pin = new FingerprintTrust(endpoint.fingerprint(), "Proxmox Backup Server", "fingerprint");
		try {
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, new TrustManager[] { pin }, null);
			return builder.sslSocketFactory(context.getSocketFactory(), pin).hostnameVerifier(pin);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot set up TLS for Proxmox Backup Server", ex);
		}
	}

	private static String read(String file) {
		try {
			return Files.readString(Path.of(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the Proxmox Backup Server CA file " + file, ex);
		}
	}

}
