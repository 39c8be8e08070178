package org.homelab.rollout.rehearsal.proxmox;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.util.HexFormat;

import javax.net.ssl.SSLSocketFactory;

import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * The lab's own CA and the server certificate it signs, as a PVE node has
 * (pve-root-ca.pem, pve-ssl.pem).
 */
record LabTls(HeldCertificate ca, HeldCertificate server) {

	static LabTls generate() {
		HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0)
			.commonName("Proxmox Virtual Environment")
			.organizationalUnit("PVE Cluster Manager CA")
			.ecdsa256()
			.build();
		HeldCertificate server = new HeldCertificate.Builder().commonName("pve.rehearsal.lab")
			.organizationalUnit("PVE Cluster Node")
			.addSubjectAlternativeName("localhost")
			.addSubjectAlternativeName("127.0.0.1")
			.ecdsa256()
			.signedBy(ca)
			.build();
		return new LabTls(ca, server);
	}

	SSLSocketFactory socketFactory() {
		return new HandshakeCertificates.Builder().heldCertificate(this.server, this.ca.certificate())
			.build()
			.sslSocketFactory();
	}

	/**
	 * SHA-256 of the server certificate, upper-case colon hex as the PVE GUI shows it.
	 */
	String fingerprintSha256() {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(this.server.certificate().getEncoded());
			return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
		}
		catch (NoSuchAlgorithmException | CertificateEncodingException ex) {
			throw new IllegalStateException("cannot fingerprint the lab certificate", ex);
		}
	}

}
