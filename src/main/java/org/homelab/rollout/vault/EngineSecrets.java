package org.homelab.rollout.vault;

import java.util.Map;

import org.springframework.stereotype.Component;
import org.springframework.vault.core.VaultVersionedKeyValueOperations;
import org.springframework.vault.support.Versioned;

/**
 * Secrets the engine itself must use again after storing them, under a key of their own
 * (e.g. GitLab's API token {@code services/gitlab/engine-token}, key {@code token}): its
 * policy lets it read exactly these paths ({@link VaultPolicies#ENGINE_READABLE}), no
 * others. A value read here lives in the calling job's memory only, for one call.
 */
@Component
public class EngineSecrets {

	private static final String ADVICE = "The engine's policy " + VaultPolicies.ENGINE
			+ " must allow this path (VaultPolicies.ENGINE_READABLE); a Vault set up before the rule existed needs "
			+ "its policy rewritten with a root token (vault policy write " + VaultPolicies.ENGINE + ").";

	private final EngineAccess access;

	EngineSecrets(EngineAccess access) {
		this.access = access;
	}

	/**
	 * The value under {@code key}, or null when the secret (or the key) is absent.
	 * @see "GET /:mount/data/:path"
	 */
	public String read(VaultTarget target, SecretReference reference, String key) {
		Versioned<Map<String, Object>> stored = VaultCalls.call(target,
				"GET /v1/" + reference.mount() + "/data/" + reference.path(), ADVICE,
				() -> kv(target, reference).get(reference.path()));
		Object value = (stored != null && stored.hasData()) ? stored.getData().get(key) : null;
		return (value != null) ? value.toString() : null;
	}

	/**
	 * Stores {@code value} under {@code key} unless the secret exists (check-and-set 0):
	 * CREATED, or UNCHANGED when it was there (a re-run never rotates it).
	 * @see "POST /:mount/data/:path" with {@code options.cas = 0}
	 */
	public Outcome writeOnce(VaultTarget target, SecretReference reference, String key, String value) {
		VaultVersionedKeyValueOperations kv = kv(target, reference);
		if (VaultCalls.call(target, "GET /v1/" + reference.mount() + "/metadata/" + reference.path(), ADVICE,
				() -> kv.opsForKeyValueMetadata().get(reference.path())) != null) {
			return Outcome.UNCHANGED;
		}
		try {
			VaultCalls.run(target, "POST /v1/" + reference.mount() + "/data/" + reference.path() + " (cas 0)", ADVICE,
					() -> kv.put(reference.path(),
							Versioned.create(Map.of(key, value), Versioned.Version.unversioned())));
			return Outcome.CREATED;
		}
		catch (VaultCallException ex) {
			// a check-and-set conflict: another writer stored it meanwhile
			if (ex.status() == 400) {
				return Outcome.UNCHANGED;
			}
			throw ex;
		}
	}

	/**
	 * Stores {@code value} under {@code key} as the secret's new version (e.g. a rotated
	 * token, whose old value no longer works). @see "POST /:mount/data/:path"
	 */
	public void replace(VaultTarget target, SecretReference reference, String key, String value) {
		VaultCalls.run(target, "POST /v1/" + reference.mount() + "/data/" + reference.path(), ADVICE,
				() -> kv(target, reference).put(reference.path(), Map.of(key, value)));
	}

	/**
	 * Stores these keys and values together as the secret's new version (e.g. a deploy
	 * token's user name and value). @see "POST /:mount/data/:path"
	 */
	public void replace(VaultTarget target, SecretReference reference, Map<String, String> values) {
		VaultCalls.run(target, "POST /v1/" + reference.mount() + "/data/" + reference.path(), ADVICE,
				() -> kv(target, reference).put(reference.path(), Map.copyOf(values)));
	}

	private VaultVersionedKeyValueOperations kv(VaultTarget target, SecretReference reference) {
		return this.access.engineVault(target).opsForVersionedKeyValue(reference.mount());
	}

}
