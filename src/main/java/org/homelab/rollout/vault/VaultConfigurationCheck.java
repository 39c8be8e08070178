package org.homelab.rollout.vault;

import java.util.ArrayList;
import java.util.List;

import org.homelab.rollout.criteria.Criterion;

import org.springframework.stereotype.Component;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.VaultResponse;

/**
 * Reads the setup back and names what is missing: the KV mount, Kubernetes auth, the ESO
 * role, any policy missing or no longer saying what the rollout writes.
 */
@Component
public class VaultConfigurationCheck {

	private static final String ADVICE = "Check the engine token's policy " + VaultPolicies.ENGINE + ".";

	private final VaultProperties properties;

	private final VaultPolicies policies;

	VaultConfigurationCheck(VaultProperties properties, VaultPolicies policies) {
		this.properties = properties;
		this.policies = policies;
	}

	/**
	 * {@code health}: the sys/health status just read; only 200 (active, unsealed) can
	 * meet the criterion.
	 */
	public Criterion verdict(VaultTarget target, int health, VaultOperations vault) {
		if (health != 200) {
			return new Criterion(false, "health " + health + " (" + switch (health) {
				case 503 -> "sealed";
				case 501 -> "not initialised";
				case 429 -> "standby";
				default -> "unexpected";
			} + ") at " + target);
		}
		List<String> missing = missing(target, vault, VaultPolicies.ESO_ROLE);
		long policies = this.policies.services().size() - missing.stream().filter(m -> m.startsWith("policy ")).count();
		String found = "health 200, KV " + this.properties.kvMount() + "/, " + policies + " policies, "
				+ this.properties.kubernetesAuthPath() + " auth with role " + VaultPolicies.ESO_ROLE;
		return missing.isEmpty() ? new Criterion(true, found)
				: new Criterion(false, "health 200, missing: " + String.join(", ", missing));
	}

	public List<String> missing(VaultTarget target, VaultOperations vault, String esoRole) {
		List<String> missing = new ArrayList<>();
		String mount = this.properties.kvMount() + "/";
		if (!VaultCalls.call(target, "GET /v1/sys/mounts", ADVICE, () -> vault.opsForSys().getMounts())
			.containsKey(mount)) {
			missing.add("secrets engine " + mount);
		}
		String auth = this.properties.kubernetesAuthPath();
		if (!VaultCalls.call(target, "GET /v1/sys/auth", ADVICE, () -> vault.opsForSys().getAuthMounts())
			.containsKey(auth + "/")) {
			missing.add("auth method " + auth + "/");
		}
		else if (VaultCalls.call(target, "GET /v1/auth/" + auth + "/role/" + esoRole, ADVICE,
				() -> vault.read("auth/" + auth + "/role/" + esoRole)) == null) {
			missing.add("role auth/" + auth + "/role/" + esoRole);
		}
		for (PolicyDocument policy : this.policies.services()) {
			String path = "sys/policies/acl/" + policy.name();
			VaultResponse stored = VaultCalls.call(target, "GET /v1/" + path, ADVICE, () -> vault.read(path));
			if (stored == null) {
				missing.add("policy " + policy.name());
			}
			else if (!PolicyConvergence.same(stored, policy)) {
				// changed by hand: the rollout's policy no longer holds (a re-run writes
				// it
				// again)
				missing.add("policy " + policy.name() + " as the rollout writes it (changed in Vault)");
			}
		}
		return missing;
	}

}
