package org.homelab.rollout.proxmox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

import okhttp3.OkHttpClient;
import okhttp3.tls.Certificates;
import okhttp3.tls.HandshakeCertificates;
import org.homelab.rollout.inventory.ProxmoxSite;

/**
 * TLS to Proxmox is always verified: against the CA in {@code inventory.proxmox.ca-file}
 * (pve-root-ca.pem, hostname checked as usual), or pinned to
 * {@code inventory.proxmox.fingerprint}. The inventory refuses to bind with neither.
 */
final class ProxmoxTls {

	private ProxmoxTls() {
	}

	static OkHttpClient.Builder apply(ProxmoxSite site, OkHttpClient.Builder builder) {
		if (site.caFile() != null && !site.caFile().isBlank()) {
			X509Certificate ca = Certificates.decodeCertificatePem(read(site.caFile()));
			HandshakeCertificates trust = new HandshakeCertificates.Builder().addTrustedCertificate(ca).build();
			return builder.sslSocketFactory(trust.sslSocketFactory(), trust.trustManager());
		}
		if (site.fingerprint() == null || site.fingerprint().isBlank()) {
			throw new IllegalStateException(
					"inventory.proxmox: set ca-file or fingerprint; TLS to Proxmox VE is never trusted blindly");
		}
		FingerprintTrust pin = new FingerprintTrust(site.fingerprint());
		try {
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, new TrustManager[] { pin }, null);
			return builder.sslSocketFactory(context.getSocketFactory(), pin).hostnameVerifier(pin);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot set up TLS for Proxmox VE", ex);
		}
	}

	private static String read(String file) {
		try {
			return Files.readString(Path.of(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read inventory.proxmox.ca-file " + file, ex);
		}
	}

}
