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
 * trusts a Proxmox node's self-signed certificate in its GUI. Its CA is not trusted for
 * anything else. The pinned certificate also stands in for the hostname check: it names
 * the node, whatever address the inventory uses.
 */
final class FingerprintTrust implements X509TrustManager, HostnameVerifier {

	private final String pinned;

	FingerprintTrust(String fingerprint) {
		this.pinned = normalise(fingerprint);
	}

	@Override
	public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
		if (chain == null || chain.length == 0) {
			throw new CertificateException("Proxmox VE presented no certificate");
		}
		String actual = fingerprint(chain[0]);
		if (!actual.equals(this.pinned)) {
			throw new CertificateException("Proxmox VE presented a certificate with SHA-256 fingerprint "
					+ format(actual) + ", not the pinned inventory.proxmox.fingerprint " + format(this.pinned));
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
