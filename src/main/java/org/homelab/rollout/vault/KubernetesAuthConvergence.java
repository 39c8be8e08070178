package org.homelab.rollout.vault;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.springframework.stereotype.Component;
import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.VaultMount;
import org.springframework.vault.support.VaultResponse;

/**
 * Vault's Kubernetes auth for K3s: the method, its config and roles, each written only
 * when it differs. No token reviewer JWT is stored: Vault reviews a login with the
 * logging-in account's own token ({@code disable_local_ca_jwt}), so that account needs
 * {@code system:auth-delegator} in K3s.
 */
@Component
public class KubernetesAuthConvergence {

	private static final String ADVICE = "The engine's token may lack rights on sys/auth or auth/<path>/ (see its "
			+ "policy " + VaultPolicies.ENGINE + ").";

	private final String path;

	KubernetesAuthConvergence(VaultProperties properties) {
		this.path = properties.kubernetesAuthPath();
	}

	/** Enables the method if absent. @see "GET /sys/auth", "POST /sys/auth/:path" */
	public Outcome ensureMethod(VaultTarget target, VaultOperations vault) {
		Map<String, VaultMount> methods = VaultCalls.call(target, "GET /v1/sys/auth", ADVICE,
				() -> vault.opsForSys().getAuthMounts());
		VaultMount existing = methods.get(this.path + "/");
		if (existing != null) {
			if (!"kubernetes".equals(existing.getType())) {
				throw new VaultSetupException("Vault at " + target + " has an auth method of type " + existing.getType()
						+ " at auth/" + this.path + "/. Disable it or set "
						+ "rollout.vault.kubernetes-auth-path to a free path, then retry.");
			}
			return Outcome.UNCHANGED;
		}
		VaultCalls.run(target, "POST /v1/sys/auth/" + this.path, ADVICE,
				() -> vault.opsForSys().authMount(this.path, VaultMount.create("kubernetes")));
		return Outcome.CREATED;
	}

	/** Points the method at the K3s API server. @see "GET/POST /auth/:path/config" */
	public Outcome ensureConfig(VaultTarget target, VaultOperations vault, KubernetesApi api) {
		String config = "auth/" + this.path + "/config";
		VaultResponse current = VaultCalls.call(target, "GET /v1/" + config, ADVICE, () -> vault.read(config));
		Map<String, Object> wanted = new LinkedHashMap<>();
		wanted.put("kubernetes_host", api.host());
		wanted.put("kubernetes_ca_cert", api.caCertPem());
		wanted.put("disable_local_ca_jwt", true);
		if (current != null && matches(current.getData(), wanted)) {
			return Outcome.UNCHANGED;
		}
		VaultCalls.run(target, "POST /v1/" + config, ADVICE, () -> vault.write(config, wanted));
		return (current == null) ? Outcome.CREATED : Outcome.UPDATED;
	}

	/** @see "GET/POST /auth/:path/role/:name" */
	public Outcome ensureRole(VaultTarget target, VaultOperations vault, KubernetesRole role) {
		String rolePath = "auth/" + this.path + "/role/" + role.name();
		VaultResponse current = VaultCalls.call(target, "GET /v1/" + rolePath, ADVICE, () -> vault.read(rolePath));
		Map<String, Object> wanted = new LinkedHashMap<>();
		wanted.put("bound_service_account_names", role.serviceAccounts());
		wanted.put("bound_service_account_namespaces", role.namespaces());
		wanted.put("token_policies", role.policies());
		wanted.put("token_ttl", role.ttl().toSeconds());
		if (current != null && matches(current.getData(), wanted)) {
			return Outcome.UNCHANGED;
		}
		VaultCalls.run(target, "POST /v1/" + rolePath, ADVICE, () -> vault.write(rolePath, wanted));
		return (current == null) ? Outcome.CREATED : Outcome.UPDATED;
	}

	/** @see "DELETE /auth/:path/role/:name" */
	public void deleteRole(VaultTarget target, VaultOperations vault, String name) {
		String rolePath = "auth/" + this.path + "/role/" + name;
		VaultCalls.run(target, "DELETE /v1/" + rolePath, ADVICE, () -> vault.delete(rolePath));
	}

	/** Disables the method, with its config and roles. @see "DELETE /sys/auth/:path" */
	public void disableMethod(VaultTarget target, VaultOperations vault) {
		VaultCalls.run(target, "DELETE /v1/sys/auth/" + this.path, ADVICE,
				() -> vault.opsForSys().authUnmount(this.path));
	}

	private static boolean matches(Map<String, Object> current, Map<String, Object> wanted) {
		if (current == null) {
			return false;
		}
		return wanted.entrySet().stream().allMatch(e -> same(current.get(e.getKey()), e.getValue()));
	}

	private static boolean same(Object current, Object wanted) {
		if (current instanceof Number a && wanted instanceof Number b) {
			return a.longValue() == b.longValue();
		}
		if (current instanceof List<?> a && wanted instanceof List<?> b) {
			return a.stream()
				.map(String::valueOf)
				.sorted()
				.toList()
				.equals(b.stream().map(String::valueOf).sorted().toList());
		}
		if (current instanceof String a && wanted instanceof String b) {
			return a.strip().equals(b.strip());
		}
		return Objects.equals(current, wanted);
	}

}
