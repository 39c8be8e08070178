package org.homelab.rollout.vault;

import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.stereotype.Component;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.VaultResponse;

/**
 * Generates a secret for a service and stores it straight into KV v2 at {@code services/<service>/<name>}, under the
 * key {@value #KEY}; the caller gets the path only. An existing secret is kept (check-and-set 0), so a re-run never
 * rotates a password a service already uses.
 */
@Component
public class GeneratedSecrets {

	public static final String KEY = "value";

	private static final Pattern SEGMENT = Pattern.compile("[a-z0-9]([a-z0-9._-]*[a-z0-9])?");

	private static final String ADVICE = "The engine's token may lack create/update on the KV mount (see its policy "
			+ VaultPolicies.ENGINE + ").";

	private final VaultProperties properties;

	private final SecretGenerator generator;

	GeneratedSecrets(VaultProperties properties, SecretGenerator generator) {
		this.properties = properties;
		this.generator = generator;
	}

	/** @see "GET /:mount/metadata/:path", "POST /:mount/data/:path" */
	public SecretReference generate(VaultTarget target, VaultOperations vault, String service, String name,
			SecretKind kind) {
		SecretReference reference = reference(service, name);
		String metadata = reference.mount() + "/metadata/" + reference.path();
		VaultResponse existing = VaultCalls.call(target, "GET /v1/" + metadata, ADVICE, () -> vault.read(metadata));
		if (existing != null) {
			return reference;
		}
		String data = reference.mount() + "/data/" + reference.path();
		Map<String, Object> body = Map.of("options", Map.of("cas", 0), "data",
				Map.of(KEY, this.generator.generate(kind)));
		VaultCalls.run(target, "POST /v1/" + data, ADVICE, () -> vault.write(data, body));
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
