package org.homelab.rollout.rehearsal;

import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

import okhttp3.OkHttpClient;

/**
 * Test-side OkHttp trusting exactly one server certificate, by its SHA-256 fingerprint
 * (as Proxmox shows it).
 */
final class PinnedTls {

	private PinnedTls() {
	}

	static OkHttpClient client(String fingerprint) throws Exception {
		X509TrustManager pinned = new X509TrustManager() {
			@Override
			public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
				throw new CertificateException("client certificates are not used");
			}

			@Override
			public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
				if (!fingerprint.equalsIgnoreCase(fingerprintOf(chain[0]))) {
					throw new CertificateException("server certificate does not match the pinned fingerprint");
				}
			}

			@Override
			public X509Certificate[] getAcceptedIssuers() {
				return new X509Certificate[0];
			}
		};
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, new X509TrustManager[] { pinned }, null);
		return new OkHttpClient.Builder().sslSocketFactory(context.getSocketFactory(), pinned)
			.hostnameVerifier((host, session) -> {
				try {
					return fingerprint
						.equalsIgnoreCase(fingerprintOf((X509Certificate) session.getPeerCertificates()[0]));
				}
				catch (Exception ex) {
					return false;
				}
			})
			.build();
	}

	static String fingerprintOf(X509Certificate certificate) throws CertificateException {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
			return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new CertificateException(ex);
		}
	}

}
