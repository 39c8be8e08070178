package org.homelab.rollout.vault;

import java.net.URI;
import java.nio.file.Path;

/**
 * Which Vault to talk to and which CA vouches for its certificate ({@code caFile} null:
 * the JVM's trust store). Only HTTPS: the engine sends shares and tokens to it.
 */
public record VaultTarget(URI address, Path caFile) {

	public VaultTarget {
		if (!"https".equals(address.getScheme())) {
			throw new IllegalArgumentException("Vault address " + address
					+ " is not https: the engine sends unseal shares and tokens to Vault only over verified TLS");
		}
	}

	/**
	 * From process variables: an address and an optional CA file path (null or blank for
	 * none).
	 */
	public static VaultTarget of(String address, String caFile) {
		return new VaultTarget(URI.create(address),
				(caFile == null || caFile.isBlank()) ? null : Path.of(caFile).toAbsolutePath());
	}

	@Override
	public String toString() {
		return this.address.toString();
	}

}
