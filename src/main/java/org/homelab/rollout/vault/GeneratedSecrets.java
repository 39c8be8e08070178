package org.homelab.rollout.vault;

import java.util.regex.Pattern;

import org.springframework.stereotype.Component;

/**
 * Generates a secret for a service and stores it straight into KV v2 at
 * {@code services/<service>/<name>} through {@link SecretWriter}; the caller gets the
 * path only. An existing secret is kept and nothing is generated, so a re-run never
 * rotates a password a service already uses.
 */
@Component
public class GeneratedSecrets {

	/** The key the value is stored under (see {@link SecretWriter#KEY}). */
	public static final String KEY = SecretWriter.KEY;

	private static final Pattern SEGMENT = Pattern.compile("[a-z0-9]([a-z0-9._-]*[a-z0-9])?");

	private final VaultProperties properties;

	private final SecretGenerator generator;

	private final SecretWriter writer;

	GeneratedSecrets(VaultProperties properties, SecretGenerator generator, SecretWriter writer) {
		this.properties = properties;
		this.generator = generator;
		this.writer = writer;
	}

	/** @see SecretWriter#exists, SecretWriter#writeOnce */
	public SecretReference generate(VaultTarget target, String service, String name, SecretKind kind) {
		SecretReference reference = reference(service, name);
		if (!this.writer.exists(target, reference)) {
			this.writer.writeOnce(target, reference, this.generator.generate(kind));
		}
		return reference;
	}

	public SecretReference reference(String service, String name) {
		for (String segment : new String[] { service, name }) {
			if (segment == null || !SEGMENT.matcher(segment).matches()) {
				throw new IllegalArgumentException("'" + segment + "' is not a valid secret path segment: use lower "
						+ "case letters, digits, '.', '_' and '-', e.g. gitlab-ce / root-password");
			}
		}
		return new SecretReference(this.properties.kvMount(), "services/" + service + "/" + name);
	}

}
