package org.homelab.rollout.rehearsal.argocd;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Argo CD's session tokens: JWTs (HS256) signed with {@code server.secretkey} of
 * {@code argocd-secret}, subject {@code <account>:login}, valid for a day, and void once
 * the account's password changed after they were issued (Argo CD compares {@code iat}
 * with {@code admin.passwordMtime}).
 */
final class Sessions {

	static final Duration LIFETIME = Duration.ofHours(24);

	private static final ObjectMapper JSON = new ObjectMapper();

	private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

	private Sessions() {
	}

	static String issue(String account, byte[] key, Instant now) {
		ObjectNode header = JSON.createObjectNode().put("alg", "HS256").put("typ", "JWT");
		ObjectNode claims = JSON.createObjectNode()
			.put("iss", "argocd")
			.put("sub", account + ":login")
			.put("exp", now.plus(LIFETIME).getEpochSecond())
			.put("nbf", now.getEpochSecond())
			.put("iat", now.getEpochSecond())
			.put("jti", UUID.randomUUID().toString());
		String signed = URL.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
				+ URL.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
		return signed + "." + URL.encodeToString(sign(signed, key));
	}

	/**
	 * The account of a valid token, or why it is not (Argo CD's words after "invalid
	 * session: ").
	 */
	static Verdict verify(String token, byte[] key, Instant passwordChanged, Instant now) {
		String[] parts = token.split("\\.");
		if (parts.length != 3) {
			return Verdict.invalid("token contains an invalid number of segments");
		}
		try {
			byte[] expected = sign(parts[0] + "." + parts[1], key);
			if (!MessageDigest.isEqual(expected, Base64.getUrlDecoder().decode(parts[2]))) {
				return Verdict.invalid("signature is invalid");
			}
			JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
			if (claims.path("exp").asLong() <= now.getEpochSecond()) {
				return Verdict.invalid("token has invalid claims: token is expired");
			}
			if (passwordChanged != null && claims.path("iat").asLong() < passwordChanged.getEpochSecond()) {
				return Verdict.invalid("account password has changed since token issued");
			}
			String subject = claims.path("sub").asText();
			return new Verdict(Optional.of(subject.replaceFirst(":login$", "")), null);
		}
		catch (java.io.IOException | IllegalArgumentException ex) {
			return Verdict.invalid("token is malformed");
		}
	}

	record Verdict(Optional<String> account, String error) {

		static Verdict invalid(String error) {
			return new Verdict(Optional.empty(), error);
		}

	}

	private static byte[] sign(String data, byte[] key) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(key, "HmacSHA256"));
			return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
