package org.homelab.rollout.rehearsal.frontdoor;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import okhttp3.tls.HeldCertificate;

/**
 * The lab's stand-in for the certificate authority behind the front door's certificates
 * (Let's Encrypt for Certbot, or the homelab CA): one per lab, so a client trusting only
 * its PEM reaches the front door with verified TLS.
 */
final class FrontdoorCa {

	static final String LIVE = "/etc/letsencrypt/live/";

	private final HeldCertificate ca = new HeldCertificate.Builder().certificateAuthority(0)
		.commonName("Rehearsal front-door CA")
		.organizationalUnit("homelab-rollout rehearsal lab")
		.duration(3650, TimeUnit.DAYS)
		.ecdsa256()
		.build();

	String certificatePem() {
		return this.ca.certificatePem();
	}

	/**
	 * A certificate for {@code domain} as Certbot lays it out: guest path to content
	 * ({@code /etc/letsencrypt/live/<domain>/fullchain.pem, privkey.pem, cert.pem,
	 * chain.pem}).
	 */
	Map<String, byte[]> issue(String domain) {
		HeldCertificate leaf = new HeldCertificate.Builder().commonName(domain)
			.addSubjectAlternativeName(domain)
			.duration(90, TimeUnit.DAYS)
			.ecdsa256()
			.signedBy(this.ca)
			.build();
		Map<String, byte[]> files = new LinkedHashMap<>();
		String dir = LIVE + domain + "/";
		files.put(dir + "cert.pem", bytes(leaf.certificatePem()));
		files.put(dir + "chain.pem", bytes(this.ca.certificatePem()));
		files.put(dir + "fullchain.pem", bytes(leaf.certificatePem() + this.ca.certificatePem()));
		files.put(dir + "privkey.pem", bytes(leaf.privateKeyPkcs8Pem()));
		return files;
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.UTF_8);
	}

}
