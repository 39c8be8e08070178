package org.homelab.rollout.vault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The TLS trust for Vault: exactly the certificates of the given CA file, or the JVM's
 * default trust store.
 */
final class VaultTls {

	private VaultTls() {
	}

	static SSLContext context(Path caFile) {
		try {
			if (caFile == null) {
				return SSLContext.getDefault();
			}
			KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
			trust.load(null, null);
			Collection<? extends Certificate> certificates;
			try (var in = Files.newInputStream(caFile)) {
				certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
			}
			if (certificates.isEmpty()) {
				throw new VaultSetupException("The Vault CA file " + caFile
						+ " holds no PEM certificate. Point rollout.vault.ca-file (or the process variable vaultCaFile)"
						+ " at the CA certificate that issued Vault's TLS certificate.");
			}
			int i = 0;
			for (Certificate certificate : certificates) {
				trust.setCertificateEntry("vault-ca-" + i++, certificate);
			}
			TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			factory.init(trust);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, factory.getTrustManagers(), null);
			return context;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new VaultSetupException("Cannot read the Vault CA file " + caFile + ": " + ex.getMessage()
					+ ". Check that it exists, is readable by the engine and holds PEM certificates.", ex);
		}
	}

}
