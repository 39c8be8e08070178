package org.homelab.rollout.kubernetes;

import java.util.LinkedHashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;

/**
 * The External Secrets Operator's ClusterSecretStore ({@code external-secrets.io/v1}) for
 * the plan's Vault: KV v2 at {@code path}, logged in with Vault's Kubernetes auth as the
 * operator's service account, so no token or password is stored in the cluster or passes
 * through the rollout.
 */
public final class ClusterSecretStores {

	private ClusterSecretStores() {
	}

	/**
	 * @param vaultServer e.g. {@code https://vault.homelab.lan:8200}
	 * @param path the KV v2 mount, e.g. {@code secret}
	 * @param authMount Vault's Kubernetes auth mount, e.g. {@code kubernetes}
	 * @param role the Vault role bound to the service account
	 * @param serviceAccount the service account ({@code namespace/name}) ESO logs in as
	 * @param caConfigMap a ConfigMap (same namespace as the service account) whose
	 * {@code ca.crt} is Vault's CA, or null
	 */
	public static GenericKubernetesResource vault(String name, String vaultServer, String path, String authMount,
			String role, String serviceAccount, String caConfigMap) {
		String[] account = serviceAccount.split("/", 2);
		Map<String, Object> kubernetes = new LinkedHashMap<>();
		kubernetes.put("mountPath", authMount);
		kubernetes.put("role", role);
		kubernetes.put("serviceAccountRef", Map.of("name", account[1], "namespace", account[0]));
		Map<String, Object> vault = new LinkedHashMap<>();
		vault.put("server", vaultServer);
		vault.put("path", path);
		vault.put("version", "v2");
		vault.put("auth", Map.of("kubernetes", kubernetes));
		if (caConfigMap != null) {
			vault.put("caProvider",
					Map.of("type", "ConfigMap", "name", caConfigMap, "key", "ca.crt", "namespace", account[0]));
		}
		return new GenericKubernetesResourceBuilder().withApiVersion("external-secrets.io/v1")
			.withKind("ClusterSecretStore")
			.withNewMetadata()
			.withName(name)
			.addToLabels(HelmCharts.MANAGED_BY, HelmCharts.ROLLOUT)
			.endMetadata()
			.addToAdditionalProperties("spec", Map.of("provider", Map.of("vault", vault)))
			.build();
	}

}
