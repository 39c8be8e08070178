package org.homelab.rollout.vault;

import java.security.SecureRandom;

import org.springframework.stereotype.Component;

/**
 * Makes secret values from the JVM's strong random source; a bean so tests can see what
 * was generated.
 */
@Component
public class SecretGenerator {

	private final SecureRandom random = new SecureRandom();

	public String generate(SecretKind kind) {
		return kind.generate(this.random);
	}

}
