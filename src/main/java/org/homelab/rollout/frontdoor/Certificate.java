package org.homelab.rollout.frontdoor;

/**
 * Where nginx finds a service's certificate and key on the frontend: Certbot's live
 * directory, or the files the homelab CA issued (paths the inventory gives).
 */
public record Certificate(String certificate, String key) {

	public Certificate {
		FrontdoorInput.path("certificate", certificate);
		FrontdoorInput.path("certificateKey", key);
	}

	/** Certbot's layout: the chain and key of the certificate named after the domain. */
	public static Certificate certbot(String domain) {
		FrontdoorInput.domain("domain", domain);
		String live = "/etc/letsencrypt/live/" + domain + "/";
		return new Certificate(live + "fullchain.pem", live + "privkey.pem");
	}

	/** A certificate the homelab CA issued, where the caller put it. */
	public static Certificate homelabCa(String certificate, String key) {
		return new Certificate(certificate, key);
	}

}
