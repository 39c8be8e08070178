package org.homelab.rollout.vault;

import java.security.SecureRandom;
import java.util.Base64;

/** The kinds of secret the rollout generates, from the JVM's strong random source. */
public enum SecretKind {

	/**
	 * 32 letters and digits: accepted by every service's password rules the plan meets.
	 */
	PASSWORD {
		@Override
		String generate(SecureRandom random) {
			StringBuilder password = new StringBuilder(32);
			for (int i = 0; i < 32; i++) {
				password.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
			}
			return password.toString();
		}
	},
	/** 32 random bytes, URL-safe base64 without padding (43 characters). */
	TOKEN {
		@Override
		String generate(SecureRandom random) {
			byte[] bytes = new byte[32];
			random.nextBytes(bytes);
			return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
		}
	};

	private static final String ALPHANUMERIC = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

	abstract String generate(SecureRandom random);

}
