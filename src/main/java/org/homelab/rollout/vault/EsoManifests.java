package org.homelab.rollout.vault;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

/**
 * The External Secrets Operator's side of Vault, as plain manifests for the Kubernetes capability to apply after
 * the ESO Helm release: a ClusterSecretStore logging in with Kubernetes auth (CA pinned), the token reviewer right
 * Vault's config relies on, and an ExternalSecret that proves the chain by materialising the test key.
 */
@Component
public class EsoManifests {

	public static final String STORE = "homelab-vault";

	/** The proof secret's service and name: {@code <mount>/services/external-secrets/proof}. */
	public static final String PROOF_SERVICE = "external-secrets";

	public static final String PROOF_NAME = "proof";

	private final VaultProperties properties;

	EsoManifests(VaultProperties properties) {
		this.properties = properties;
	}

	/** external-secrets.io/v1 ClusterSecretStore against the given Vault, trusting only the given CA. */
	public Map<String, Object> clusterSecretStore(VaultTarget target, String caCertificatePem) {
		Map<String, Object> kubernetes = Map.of("mountPath", this.properties.kubernetesAuthPath(), "role",
				VaultPolicies.ESO_ROLE, "serviceAccountRef", Map.of("name", this.properties.esoServiceAccount(),
						"namespace", this.properties.esoNamespace()));
		Map<String, Object> vault = Map.of("server", target.address().toString(), "path",
				this.properties.kvMount(), "version", "v2", "caBundle",
				Base64.getEncoder().encodeToString(caCertificatePem.getBytes(StandardCharsets.UTF_8)), "auth",
				Map.of("kubernetes", kubernetes));
		return Map.of("apiVersion", "external-secrets.io/v1", "kind", "ClusterSecretStore", "metadata",
				Map.of("name", STORE), "spec", Map.of("provider", Map.of("vault", vault)));
	}

	/**
	 * Lets Vault review logins with the logging-in account's own token (no reviewer JWT is stored in Vault).
	 */
	public Map<String, Object> tokenReviewBinding() {
		return Map.of("apiVersion", "rbac.authorization.k8s.io/v1", "kind", "ClusterRoleBinding", "metadata",
				Map.of("name", "external-secrets-vault-tokenreview"), "roleRef",
				Map.of("apiGroup", "rbac.authorization.k8s.io", "kind", "ClusterRole", "name", "system:auth-delegator"),
				"subjects", List.of(Map.of("kind", "ServiceAccount", "name", this.properties.esoServiceAccount(),
						"namespace", this.properties.esoNamespace())));
	}

	/** An ExternalSecret in ESO's namespace materialising the proof key as the Secret {@code vault-proof}. */
	public Map<String, Object> proofExternalSecret(SecretReference proof) {
		String key = proof.path();
		return Map.of("apiVersion", "external-secrets.io/v1", "kind", "ExternalSecret", "metadata",
				Map.of("name", "vault-proof", "namespace", this.properties.esoNamespace()), "spec",
				Map.of("refreshInterval", "1h", "secretStoreRef", Map.of("kind", "ClusterSecretStore", "name", STORE),
						"target", Map.of("name", "vault-proof"), "data", List.of(Map.of("secretKey", "proof",
								"remoteRef", Map.of("key", key, "property", GeneratedSecrets.KEY)))));
	}

}
