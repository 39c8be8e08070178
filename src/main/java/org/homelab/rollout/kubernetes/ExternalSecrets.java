package org.homelab.rollout.kubernetes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;

/**
 * An External Secrets Operator ExternalSecret ({@code external-secrets.io/v1}): a
 * Kubernetes Secret the operator fills from Vault. The rollout writes only where each
 * value comes from (a Vault key and property), never the value.
 */
public final class ExternalSecrets {

	private ExternalSecrets() {
	}

	/**
	 * @param keys Secret key → {@code vaultKey#property}, e.g.
	 * {@code runner-token → gitlab/runner-gpu#token}
	 */
	public static GenericKubernetesResource fromVault(String namespace, String name, String clusterSecretStore,
			Map<String, String> keys) {
		return fromVault(namespace, name, clusterSecretStore, keys, Map.of());
	}

	/**
	 * The same, the Secret also holding {@code literals} (key → a fixed, non-secret
	 * value, e.g. an empty {@code runner-registration-token} a chart expects), merged in
	 * by the operator's template ({@code engineVersion v2}, {@code mergePolicy Merge}).
	 */
	public static GenericKubernetesResource fromVault(String namespace, String name, String clusterSecretStore,
			Map<String, String> keys, Map<String, String> literals) {
		List<Map<String, Object>> data = new ArrayList<>();
		keys.forEach((secretKey, reference) -> {
			String[] parts = reference.split("#", 2);
			Map<String, Object> remote = new LinkedHashMap<>();
			remote.put("key", parts[0]);
			if (parts.length > 1) {
				remote.put("property", parts[1]);
			}
			data.add(Map.of("secretKey", secretKey, "remoteRef", remote));
		});
		Map<String, Object> spec = new LinkedHashMap<>();
		spec.put("refreshInterval", "1h");
		spec.put("secretStoreRef", Map.of("name", clusterSecretStore, "kind", "ClusterSecretStore"));
		Map<String, Object> target = new LinkedHashMap<>();
		target.put("name", name);
		target.put("creationPolicy", "Owner");
		if (!literals.isEmpty()) {
			target.put("template",
					Map.of("engineVersion", "v2", "mergePolicy", "Merge", "data", new LinkedHashMap<>(literals)));
		}
		spec.put("target", target);
		spec.put("data", data);
		return new GenericKubernetesResourceBuilder().withApiVersion("external-secrets.io/v1")
			.withKind("ExternalSecret")
			.withNewMetadata()
			.withName(name)
			.withNamespace(namespace)
			.addToLabels(HelmCharts.MANAGED_BY, HelmCharts.ROLLOUT)
			.endMetadata()
			.addToAdditionalProperties("spec", spec)
			.build();
	}

}
