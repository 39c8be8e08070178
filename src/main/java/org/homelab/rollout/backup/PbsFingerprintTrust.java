package org.homelab.rollout.backup;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.X509TrustManager;

/**
 * Trusts exactly the certificate whose SHA-256 fingerprint is pinned, as PVE's pbs
 * storage does with its {@code fingerprint}: PBS's {@code proxy.pem} is self-signed. A
 * mismatch fails the handshake, so no request (and no token) is ever sent to that server.
 */
final class PbsFingerprintTrust implements X509TrustManager, HostnameVerifier {

	private final String pinned;

	PbsFingerprintTrust(String fingerprint) {
		this.pinned = fingerprint.replace(":", "").strip().toLowerCase(Locale.ROOT);
		if (!this.pinned.matches("[0-9a-f]{64}")) {
			throw new IllegalArgumentException(
					"a PBS certificate fingerprint is 32 hex bytes (SHA-256), was '" + fingerprint + "'");
		}
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		if (chain == null || chain.length == 0) {
			throw new CertificateException("Proxmox Backup Server presented no certificate");
		}
		String actual = fingerprint(chain[0]);
		if (!actual.equals(this.pinned)) {
			throw new CertificateException("Proxmox Backup Server presented a certificate with SHA-256 fingerprint "
					+ format(actual) + ", not the pinned " + format(this.pinned));
		}
	}

	@Override
	public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		throw new CertificateException("client certificates are not trusted here");
	}

	@Override
	public X509Certificate[] getAcceptedIssuers() {
		return new X509Certificate[0];
	}

	/** The pinned certificate names the server, whatever address the inventory uses. */
	@Override
	public boolean verify(String hostname, SSLSession session) {
		try {
			Certificate[] peer = session.getPeerCertificates();
			return peer.length > 0 && peer[0] instanceof X509Certificate leaf && fingerprint(leaf).equals(this.pinned);
		}
		catch (SSLPeerUnverifiedException | CertificateException ex) {
			return false;
		}
	}

	static String fingerprint(X509Certificate certificate) throws CertificateException {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded()));
		}
		catch (NoSuchAlgorithmException | CertificateEncodingException ex) {
			throw new CertificateException("cannot fingerprint the certificate", ex);
		}
	}

	private static String format(String hex) {
		return HexFormat.ofDelimiter(":").withUpperCase().formatHex(HexFormat.of().parseHex(hex));
	}

}
