package org.homelab.rollout.vault;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import okhttp3.tls.HeldCertificate;

import org.springframework.stereotype.Component;

/**
 * Issues Vault's TLS certificate for its DNS name (and address): signed by the homelab CA
 * when one is configured, else by a CA of the engine's own, created once under the state
 * directory ({@value #CA_CERT}, key 0600) and reused, whose certificate the engine then
 * trusts for Vault.
 */
@Component
public class VaultTlsIssuer {

	static final String CA_CERT = "vault-ca.pem";

	static final String CA_KEY = "vault-ca.key";

	private final VaultProperties properties;

	VaultTlsIssuer(VaultProperties properties) {
		this.properties = properties;
	}

	/**
	 * {@code alsoKnownAs}: further names or addresses the engine reaches Vault by (e.g.
	 * rollout.vault.address's).
	 */
	public IssuedTls issue(String dnsName, InetAddress address, String... alsoKnownAs) {
		Ca ca = ca();
		HeldCertificate.Builder builder = new HeldCertificate.Builder().signedBy(ca.held())
			.commonName(dnsName)
			.addSubjectAlternativeName(dnsName)
			.addSubjectAlternativeName(address.getHostAddress())
			.duration(825, TimeUnit.DAYS);
		Stream.of(alsoKnownAs)
			.filter(name -> !name.equals(dnsName) && !name.equals(address.getHostAddress()))
			.forEach(builder::addSubjectAlternativeName);
		HeldCertificate server = builder.build();
		return new IssuedTls(server.certificatePem() + ca.held().certificatePem(), server.privateKeyPkcs8Pem(),
				ca.held().certificatePem(), ca.certFile());
	}

	/**
	 * The certificate of the CA that issues (or will issue) Vault's certificate, creating
	 * the engine's own CA if none is configured: Prometheus can then trust Vault before
	 * Vault is installed.
	 */
	public Path issuingCaCertificate() {
		return ca().certFile();
	}

	private record Ca(HeldCertificate held, Path certFile) {
	}

	private synchronized Ca ca() {
		if (this.properties.homelabCaCert() != null && !this.properties.homelabCaCert().toString().isBlank()) {
			return new Ca(load(this.properties.homelabCaCert(), this.properties.homelabCaKey()),
					this.properties.homelabCaCert().toAbsolutePath());
		}
		Path cert = this.properties.stateDir().resolve(CA_CERT).toAbsolutePath();
		Path key = this.properties.stateDir().resolve(CA_KEY).toAbsolutePath();
		if (Files.exists(cert) && Files.exists(key)) {
			return new Ca(load(cert, key), cert);
		}
		HeldCertificate created = new HeldCertificate.Builder().certificateAuthority(0)
			.commonName("homelab-rollout Vault CA")
			.duration(3650, TimeUnit.DAYS)
			.build();
		OwnerOnlyFiles.write(key, created.privateKeyPkcs8Pem().getBytes(StandardCharsets.UTF_8));
		OwnerOnlyFiles.write(cert, created.certificatePem().getBytes(StandardCharsets.UTF_8));
		return new Ca(created, cert);
	}

	private static HeldCertificate load(Path cert, Path key) {
		try {
			return HeldCertificate.decode(Files.readString(cert) + "\n" + Files.readString(key));
		}
		catch (IOException | IllegalArgumentException ex) {
			throw new VaultSetupException("Cannot read the CA that issues Vault's certificate from " + cert + " and "
					+ key + " (" + ex.getMessage() + "). Give a PEM certificate and its PKCS#8 PEM key "
					+ "(rollout.vault.homelab-ca-cert / homelab-ca-key).", ex);
		}
	}

}
