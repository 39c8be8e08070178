package org.homelab.rollout.rehearsal.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.utils.Serialization;

/**
 * The API server's TokenRequest, as the lab's controllers use it: a bound service account
 * JWT (RS256, signed with the cluster's service account key) carrying the claims Vault's
 * Kubernetes auth reads.
 */
final class ServiceAccountTokens {

	static final String ISSUER = "https://kubernetes.default.svc.cluster.local";

	private final KeyPair key;

	ServiceAccountTokens() {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
			generator.initialize(2048);
			this.key = generator.generateKeyPair();
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("no RSA in this JVM", ex);
		}
	}

	String issue(ServiceAccount account, List<String> audiences, Duration lifetime) {
		Instant now = Instant.now();
		String ns = account.getMetadata().getNamespace();
		String name = account.getMetadata().getName();
		Map<String, Object> claims = Map.of("iss", ISSUER, "sub", "system:serviceaccount:" + ns + ":" + name, "aud",
				audiences, "iat", now.getEpochSecond(), "nbf", now.getEpochSecond(), "exp",
				now.plus(lifetime).getEpochSecond(), "jti", UUID.randomUUID().toString(), "kubernetes.io",
				Map.of("namespace", ns, "serviceaccount",
						Map.of("name", name, "uid", String.valueOf(account.getMetadata().getUid()))));
		String signed = part(Map.of("alg", "RS256", "kid", "lab-sa-key")) + "." + part(claims);
		try {
			Signature rsa = Signature.getInstance("SHA256withRSA");
			rsa.initSign(this.key.getPrivate());
			rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
			return signed + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("cannot sign a service account token", ex);
		}
	}

	private static String part(Map<String, Object> json) {
		return Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(Serialization.asJson(json).getBytes(StandardCharsets.UTF_8));
	}

}
