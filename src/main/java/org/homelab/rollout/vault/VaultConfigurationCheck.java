package org.homelab.rollout.vault;

import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;
import org.springframework.vault.core.VaultOperations;

/** Reads the setup back and names what is missing: the KV mount, Kubernetes auth, the ESO role, any policy. */
@Component
public class VaultConfigurationCheck {

	private static final String ADVICE = "Check the engine token's policy " + VaultPolicies.ENGINE + ".";

	private final VaultProperties properties;

	private final VaultPolicies policies;

	VaultConfigurationCheck(VaultProperties properties, VaultPolicies policies) {
		this.properties = properties;
		this.policies = policies;
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
			if (VaultCalls.call(target, "GET /v1/" + path, ADVICE, () -> vault.read(path)) == null) {
				missing.add("policy " + policy.name());
			}
		}
		return missing;
	}

}
