package org.homelab.rollout.eso;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import org.homelab.rollout.kubernetes.ClusterSecretStores;
import org.homelab.rollout.kubernetes.ExternalSecrets;
import org.homelab.rollout.kubernetes.KubernetesOperations;
import org.homelab.rollout.kubernetes.ManifestOperations;
import org.homelab.rollout.vault.GeneratedSecrets;
import org.homelab.rollout.vault.SecretKind;
import org.homelab.rollout.vault.SecretReference;
import org.homelab.rollout.vault.SecretWriter;
import org.homelab.rollout.vault.VaultPolicies;
import org.homelab.rollout.vault.VaultProperties;
import org.homelab.rollout.vault.VaultTarget;

import org.springframework.stereotype.Component;

/**
 * The External Secrets Operator connected to Vault: a ClusterSecretStore logging in with
 * Vault's Kubernetes auth as the operator's service account (Vault's CA in a ConfigMap,
 * the token-review right Vault's auth relies on), proven by an ExternalSecret that
 * materialises a test key. Composes the two clients: manifests through Kubernetes', the
 * test key through Vault's {@link SecretWriter}. Values move from Vault to the Secret
 * only; the proof is compared in memory.
 */
@Component
public class EsoConnection {

	public static final String STORE = "homelab-vault";

	public static final String CA_CONFIG_MAP = "homelab-vault-ca";

	/** The proof ExternalSecret and the Secret it makes. */
	public static final String PROOF = "vault-proof";

	/** The key of the proof Secret. */
	public static final String PROOF_KEY = "proof";

	// the label the Kubernetes capability puts on what the rollout manages
	private static final String MANAGED_BY = "app.kubernetes.io/managed-by";

	private static final String ROLLOUT = "homelab-rollout";

	static final String TOKEN_REVIEW_BINDING = "external-secrets-vault-tokenreview";

	/**
	 * What a ClusterSecretStore's or ExternalSecret's Ready condition says; {@code ready}
	 * null while it has none.
	 */
	public record Readiness(Boolean ready, String reason, String message) {
	}

	private final ManifestOperations manifests;

	private final VaultProperties properties;

	private final GeneratedSecrets secrets;

	private final SecretWriter writer;

	EsoConnection(KubernetesOperations kubernetes, VaultProperties properties, GeneratedSecrets secrets,
			SecretWriter writer) {
		this.manifests = kubernetes.opsForManifests();
		this.properties = properties;
		this.secrets = secrets;
		this.writer = writer;
	}

	/**
	 * Applies the CA ConfigMap, the token-review binding and the store; true if this call
	 * created the store.
	 */
	public boolean connect(VaultTarget target) {
		String ns = this.properties.esoNamespace();
		if (this.manifests.find(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()) == null) {
			throw new EsoException("The External Secrets Operator's namespace '" + ns + "' does not exist in "
					+ "K3s: install its release first (install-helm-release with valuesRef external-secrets.yaml), "
					+ "then retry.");
		}
		String caMap = null;
		if (target.caFile() != null) {
			caMap = CA_CONFIG_MAP;
			this.manifests.apply(new ConfigMapBuilder().withNewMetadata()
				.withName(CA_CONFIG_MAP)
				.withNamespace(ns)
				.addToLabels(MANAGED_BY, ROLLOUT)
				.endMetadata()
				.addToData("ca.crt", read(target))
				.build());
		}
		this.manifests.apply(tokenReviewBinding());
		return this.manifests.apply(store(target, caMap)) == ManifestOperations.Applied.CREATED;
	}

	public Readiness storeReadiness() {
		return readiness(this.manifests.find(store(null, null)));
	}

	/**
	 * The proof key, generated straight into Vault unless it exists (it is then kept, so
	 * a re-run stays synced).
	 */
	public SecretReference writeProof(VaultTarget target) {
		return this.secrets.generate(target, VaultPolicies.ESO_PROOF_SERVICE, VaultPolicies.ESO_PROOF_NAME,
				SecretKind.TOKEN);
	}

	public ManifestOperations.Applied applyProof() {
		return this.manifests.apply(proof());
	}

	/**
	 * Null when the proof Secret holds Vault's current proof value; else what is still
	 * awaited.
	 */
	public String proofPending(VaultTarget target) {
		Readiness readiness = readiness(this.manifests.find(proof()));
		if (!Boolean.TRUE.equals(readiness.ready())) {
			return "ExternalSecret " + this.properties.esoNamespace() + "/" + PROOF + " to sync"
					+ ((readiness.ready() == null) ? " (no status yet)"
							: " (" + readiness.reason() + ": " + readiness.message() + ")");
		}
		Secret secret = this.manifests.find(new SecretBuilder().withNewMetadata()
			.withName(PROOF)
			.withNamespace(this.properties.esoNamespace())
			.endMetadata()
			.build());
		String synced = (secret == null || secret.getData() == null) ? null : secret.getData().get(PROOF_KEY);
		if (synced == null) {
			return "Secret " + this.properties.esoNamespace() + "/" + PROOF + " with key '" + PROOF_KEY + "'";
		}
		return this.writer.holds(target, proofReference(), Base64.getDecoder().decode(synced)) ? null
				: "Secret " + this.properties.esoNamespace() + "/" + PROOF + " to hold Vault's current proof value";
	}

	/**
	 * Null when the ExternalSecret {@code ns/name} is Ready and its Secret (of the same
	 * name) holds every one of {@code keys}; else what is still awaited, with the
	 * operator's reason. Only the keys' presence is looked at, never their values.
	 */
	public String syncPending(String ns, String name, List<String> keys) {
		GenericKubernetesResource es = this.manifests
			.find(ExternalSecrets.fromVault(ns, name, STORE, Map.of(), Map.of()));
		Readiness readiness = readiness(es);
		if (!Boolean.TRUE.equals(readiness.ready())) {
			return "ExternalSecret " + ns + "/" + name + " to sync"
					+ ((es == null) ? " (it does not exist)" : (readiness.ready() == null) ? " (no status yet)"
							: " (" + readiness.reason() + ": " + readiness.message() + ")");
		}
		Secret secret = this.manifests
			.find(new SecretBuilder().withNewMetadata().withName(name).withNamespace(ns).endMetadata().build());
		Map<String, String> data = (secret == null || secret.getData() == null) ? Map.of() : secret.getData();
		List<String> missing = keys.stream().filter(key -> !data.containsKey(key)).toList();
		return missing.isEmpty() ? null : "Secret " + ns + "/" + name + " with key(s) " + missing;
	}

	/**
	 * Deletes what {@link #connect} and the proof made: ExternalSecret (its Secret goes
	 * with it), store, key.
	 */
	public void disconnect(VaultTarget target) {
		this.manifests.delete(proof());
		this.manifests.delete(store(null, null));
		this.manifests.delete(new ConfigMapBuilder().withNewMetadata()
			.withName(CA_CONFIG_MAP)
			.withNamespace(this.properties.esoNamespace())
			.endMetadata()
			.build());
		this.manifests.delete(tokenReviewBinding());
		this.writer.delete(target, proofReference());
	}

	private SecretReference proofReference() {
		return this.secrets.reference(VaultPolicies.ESO_PROOF_SERVICE, VaultPolicies.ESO_PROOF_NAME);
	}

	private GenericKubernetesResource store(VaultTarget target, String caConfigMap) {
		String server = (target != null) ? target.address().toString() : "";
		return ClusterSecretStores.vault(STORE, server, this.properties.kvMount(), this.properties.kubernetesAuthPath(),
				VaultPolicies.ESO_ROLE, this.properties.esoNamespace() + "/" + this.properties.esoServiceAccount(),
				caConfigMap);
	}

	private GenericKubernetesResource proof() {
		return ExternalSecrets.fromVault(this.properties.esoNamespace(), PROOF, STORE,
				Map.of(PROOF_KEY, VaultPolicies.esoProofPath() + "#" + GeneratedSecrets.KEY));
	}

	/**
	 * Vault reviews logins with the logging-in account's own token (no reviewer JWT
	 * stored in Vault).
	 */
	private HasMetadata tokenReviewBinding() {
		return new ClusterRoleBindingBuilder().withNewMetadata()
			.withName(TOKEN_REVIEW_BINDING)
			.addToLabels(MANAGED_BY, ROLLOUT)
			.endMetadata()
			.withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", "system:auth-delegator")
			.addNewSubject()
			.withKind("ServiceAccount")
			.withName(this.properties.esoServiceAccount())
			.withNamespace(this.properties.esoNamespace())
			.endSubject()
			.build();
	}

	@SuppressWarnings("unchecked")
	private static Readiness readiness(GenericKubernetesResource object) {
		Object status = (object != null) ? object.getAdditionalProperties().get("status") : null;
		Object conditions = (status instanceof Map<?, ?> s) ? s.get("conditions") : null;
		for (Object condition : (conditions instanceof List<?> list) ? list : List.of()) {
			Map<String, Object> c = (Map<String, Object>) condition;
			if ("Ready".equals(c.get("type"))) {
				return new Readiness("True".equals(c.get("status")), String.valueOf(c.get("reason")),
						String.valueOf(c.get("message")));
			}
		}
		return new Readiness(null, null, null);
	}

	private static String read(VaultTarget target) {
		try {
			return Files.readString(target.caFile());
		}
		catch (IOException ex) {
			throw new EsoException("Cannot read Vault's CA " + target.caFile() + " for the External Secrets "
					+ "Operator: " + ex.getMessage(), ex);
		}
	}

}
