package org.homelab.rollout.proxmox;

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
 * Trusts exactly the server certificate whose SHA-256 fingerprint is pinned, as one
 * trusts a Proxmox node's self-signed certificate in its GUI (or PVE's pbs storage a
 * Proxmox Backup Server's {@code proxy.pem}). Its CA is not trusted for anything else. A
 * mismatch fails the handshake, so no request (and no token) reaches that server. The
 * pinned certificate also stands in for the hostname check: it names the server, whatever
 * address the inventory uses.
 */
public final class FingerprintTrust implements X509TrustManager, HostnameVerifier {

	private final String pinned;

	private final String server;

	private final String pinnedBy;

	FingerprintTrust(String fingerprint) {
		this(fingerprint, "Proxmox VE", "inventory.proxmox.fingerprint");
	}

	/**
	 * @param server what the server is, for the message of a mismatch
	 * @param pinnedBy where the pinned fingerprint comes from, likewise
	 */
	public FingerprintTrust(String fingerprint, String server, String pinnedBy) {
		this.pinned = normalise(fingerprint);
		if (!this.pinned.matches("[0-9a-f]{64}")) {
			throw new IllegalArgumentException(
					"a certificate fingerprint is 32 hex bytes (SHA-256), was '" + fingerprint + "'");
		}
		this.server = server;
		this.pinnedBy = pinnedBy;
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		if (chain == null || chain.length == 0) {
			throw new CertificateException(this.server + " presented no certificate");
		}
		String actual = fingerprint(chain[0]);
		if (!actual.equals(this.pinned)) {
			throw new CertificateException(this.server + " presented a certificate with SHA-256 fingerprint "
					+ format(actual) + ", not the pinned " + this.pinnedBy + " " + format(this.pinned));
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

	private static String normalise(String fingerprint) {
		return fingerprint.replace(":", "").strip().toLowerCase(Locale.ROOT);
	}

	private static String format(String hex) {
		return HexFormat.ofDelimiter(":").withUpperCase().formatHex(HexFormat.of().parseHex(hex));
	}

}
