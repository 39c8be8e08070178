package org.homelab.rollout.vault;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.core.VaultVersionedKeyValueOperations;
import org.springframework.vault.support.Versioned;

/**
 * The one place that touches secrets in KV v2, through Spring Vault's versioned key-value
 * operations with the engine's token. A secret is written once (check-and-set 0) under
 * the key {@value #KEY} and never rotated by a re-run; the engine's policy lets it see
 * that a secret exists, not read it back.
 */
@Component
public class SecretWriter {

	/**
	 * The key a secret's value is stored under, e.g. for an ExternalSecret's
	 * {@code remoteRef.property}.
	 */
	public static final String KEY = "value";

	private static final String ADVICE = "The engine's token may lack this right on the KV mount (see its policy "
			+ VaultPolicies.ENGINE + ").";

	private final EngineAccess access;

	SecretWriter(EngineAccess access) {
		this.access = access;
	}

	/**
	 * Whether the secret exists (any version, deleted or not). @see "GET
	 * /:mount/metadata/:path"
	 */
	public boolean exists(VaultTarget target, SecretReference reference) {
		VaultVersionedKeyValueOperations kv = kv(target, reference);
		return VaultCalls.call(target, "GET /v1/" + reference.mount() + "/metadata/" + reference.path(), ADVICE,
				() -> kv.opsForKeyValueMetadata().get(reference.path())) != null;
	}

	/**
	 * Stores {@code value} unless the secret exists: CREATED, or UNCHANGED when it was
	 * there already (also when another writer won the race), so a secret a service
	 * already uses is never replaced.
	 * @see "POST /:mount/data/:path" with {@code options.cas = 0}
	 */
	public Outcome writeOnce(VaultTarget target, SecretReference reference, String value) {
		if (exists(target, reference)) {
			return Outcome.UNCHANGED;
		}
		VaultVersionedKeyValueOperations kv = kv(target, reference);
		try {
			VaultCalls.run(target, "POST /v1/" + reference.mount() + "/data/" + reference.path() + " (cas 0)", ADVICE,
					() -> kv.put(reference.path(),
							Versioned.create(Map.of(KEY, value), Versioned.Version.unversioned())));
			return Outcome.CREATED;
		}
		catch (VaultCallException ex) {
			// Vault answers a check-and-set conflict with 400; then the secret is there
			// now
			if (ex.status() == 400 && exists(target, reference)) {
				return Outcome.UNCHANGED;
			}
			throw ex;
		}
	}

	/**
	 * Stores {@code value} under {@code key} as the secret's new version, replacing what
	 * was there: for a value the issuing system shows once (a GitLab runner's token) and
	 * that the caller just made, so the old one is useless anyway.
	 * @see "POST /:mount/data/:path"
	 */
	public void replace(VaultTarget target, SecretReference reference, String key, String value) {
		VaultVersionedKeyValueOperations kv = kv(target, reference);
		VaultCalls.run(target, "POST /v1/" + reference.mount() + "/data/" + reference.path(), ADVICE,
				() -> kv.put(reference.path(), Map.of(key, value)));
	}

	/**
	 * Stores {@code values} (key to value) as the secret's new version, replacing what
	 * was there: for credentials of several parts the issuing system shows once (a GitLab
	 * deploy token's user name and value). @see "POST /:mount/data/:path"
	 */
	public void replace(VaultTarget target, SecretReference reference, Map<String, String> values) {
		VaultVersionedKeyValueOperations kv = kv(target, reference);
		VaultCalls.run(target, "POST /v1/" + reference.mount() + "/data/" + reference.path(), ADVICE,
				() -> kv.put(reference.path(), Map.copyOf(values)));
	}

	/**
	 * Whether the secret's current value is {@code candidate}, compared here in constant
	 * time. Only for test values the engine's policy lets it read (the External Secrets
	 * proof); a missing secret holds nothing.
	 * @see "GET /:mount/data/:path"
	 */
	public boolean holds(VaultTarget target, SecretReference reference, byte[] candidate) {
		VaultVersionedKeyValueOperations kv = kv(target, reference);
		Versioned<Map<String, Object>> stored = VaultCalls.call(target,
				"GET /v1/" + reference.mount() + "/data/" + reference.path(),
				"The engine policy " + VaultPolicies.ENGINE + " must allow reading this test key; an engine token "
						+ "made before it did needs recreating.",
				() -> kv.get(reference.path()));
		Object value = (stored != null && stored.hasData()) ? stored.getData().get(KEY) : null;
		return value != null && MessageDigest.isEqual(value.toString().getBytes(StandardCharsets.UTF_8), candidate);
	}

	/**
	 * Deletes the secret with all its versions; absent is fine. @see "DELETE
	 * /:mount/metadata/:path"
	 */
	public void delete(VaultTarget target, SecretReference reference) {
		VaultVersionedKeyValueOperations kv = kv(target, reference);
		VaultCalls.run(target, "DELETE /v1/" + reference.mount() + "/metadata/" + reference.path(), ADVICE,
				() -> kv.opsForKeyValueMetadata().delete(reference.path()));
	}

	private VaultVersionedKeyValueOperations kv(VaultTarget target, SecretReference reference) {
		VaultOperations vault = this.access.engineVault(target);
		return vault.opsForVersionedKeyValue(reference.mount());
	}

}
