package org.homelab.rollout.rehearsal.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.homelab.rollout.rehearsal.kubernetes.EsoVaultProvider.ProviderException;

import static org.homelab.rollout.rehearsal.kubernetes.EsoStores.map;
import static org.homelab.rollout.rehearsal.kubernetes.EsoStores.text;

/**
 * ExternalSecrets as ESO's externalsecret controller syncs them: each {@code data} entry
 * read from the store's Vault ({@code remoteRef.key}, {@code property}), written into the
 * target Secret (owned by the ExternalSecret with creationPolicy Owner), status Ready
 * with ESO's reasons. Values pass from Vault to the Secret and nowhere else.
 */
final class EsoSync {

	static final ResourceDefinitionContext EXTERNAL_SECRETS = new ResourceDefinitionContext.Builder()
		.withGroup("external-secrets.io")
		.withVersion("v1")
		.withKind("ExternalSecret")
		.withPlural("externalsecrets")
		.withNamespaced(true)
		.build();

	static final String MANAGED = "reconcile.external-secrets.io/managed";

	static final String DATA_HASH = "reconcile.external-secrets.io/data-hash";

	private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

	private final KubernetesClient client;

	private final EsoStores stores;

	EsoSync(KubernetesClient client, EsoStores stores) {
		this.client = client;
		this.stores = stores;
	}

	EsoStores.Outcome sync(String ns, String name) {
		GenericKubernetesResource es = this.client.genericKubernetesResources(EXTERNAL_SECRETS)
			.inNamespace(ns)
			.withName(name)
			.get();
		if (es == null) {
			return EsoStores.Outcome.GONE;
		}
		Map<String, Object> spec = EsoStores.spec(es);
		Map<String, Object> storeRef = map(spec, "secretStoreRef");
		String storeName = text(storeRef, "name", "");
		if (!"ClusterSecretStore".equals(storeRef.get("kind"))) {
			return failed(es, "the rehearsal lab's operator simulates ClusterSecretStores only");
		}
		GenericKubernetesResource store = this.stores.get(storeName);
		if (store == null) {
			return failed(es, "clustersecretstores.external-secrets.io \"" + storeName + "\" not found");
		}
		if (!EsoStores.ready(store)) {
			return failed(es, "ClusterSecretStore \"" + storeName + "\" is not ready");
		}
		Map<String, String> data = new TreeMap<>();
		try (EsoStores.Session session = this.stores.open(store)) {
			for (Object entry : (spec.get("data") instanceof List<?> list) ? list : List.of()) {
				@SuppressWarnings("unchecked")
				Map<String, Object> item = (Map<String, Object>) entry;
				Map<String, Object> remote = map(item, "remoteRef");
				String key = text(remote, "key", "");
				Map<String, String> fields = session.provider().read(session.token(), key);
				if (fields == null) {
					throw new ProviderException("Secret does not exist");
				}
				String property = text(remote, "property", null);
				String value = (property == null) ? fields.toString() : fields.get(property);
				if (value == null) {
					throw new ProviderException("key " + property + " does not exist in secret " + key);
				}
				data.put(text(item, "secretKey", ""), value);
			}
		}
		catch (ProviderException ex) {
			this.stores.event(es, ns, "UpdateFailed", ex.getMessage());
			return failed(es, "could not get secret data from provider");
		}
		Optional<String> refused = template(spec, data);
		if (refused.isPresent()) {
			return failed(es, refused.get());
		}
		Secret secret = write(es, data);
		status(es, "True", "SecretSynced", "secret synced", secret);
		return EsoStores.Outcome.DONE;
	}

	/**
	 * {@code spec.target.template} as far as the lab's operator renders it: engine v2,
	 * {@code mergePolicy: Merge}, {@code data} of literal values merged into the fetched
	 * keys. A template value (a {@code {{ }}} expression) or another merge policy is
	 * refused by name, so nothing is silently rendered differently from ESO.
	 */
	private static Optional<String> template(Map<String, Object> spec, Map<String, String> data) {
		Object template = map(spec, "target").get("template");
		if (!(template instanceof Map<?, ?> t)) {
			return Optional.empty();
		}
		if (!"Merge".equals(t.get("mergePolicy")) || !"v2".equals(String.valueOf(t.get("engineVersion")))) {
			return Optional.of("the rehearsal lab's operator renders templates with engineVersion v2 and "
					+ "mergePolicy Merge only");
		}
		if (t.get("data") instanceof Map<?, ?> literals) {
			for (Map.Entry<?, ?> entry : literals.entrySet()) {
				String value = String.valueOf(entry.getValue());
				if (value.contains("{{")) {
					return Optional.of("the rehearsal lab's operator merges literal template data only");
				}
				data.put(String.valueOf(entry.getKey()), value);
			}
		}
		return Optional.empty();
	}

	/**
	 * spec.refreshInterval (a Go duration, default 1h); empty for "0", which syncs once.
	 */
	Optional<Duration> refreshInterval(String ns, String name) {
		GenericKubernetesResource es = this.client.genericKubernetesResources(EXTERNAL_SECRETS)
			.inNamespace(ns)
			.withName(name)
			.get();
		String text = (es == null) ? "0" : text(EsoStores.spec(es), "refreshInterval", "1h");
		Duration total = Duration.ZERO;
		Matcher part = DURATION.matcher(text);
		while (part.find()) {
			double amount = Double.parseDouble(part.group(1));
			long millis = switch (part.group(2)) {
				case "h" -> 3_600_000L;
				case "m" -> 60_000L;
				case "s" -> 1000L;
				default -> 1L;
			};
			total = total.plusMillis(Math.round(amount * millis));
		}
		return total.isZero() ? Optional.empty() : Optional.of(total);
	}

	/**
	 * What the garbage collector does for a deleted ExternalSecret: the Secret it owns
	 * goes too.
	 */
	void collect(GenericKubernetesResource es) {
		String ns = es.getMetadata().getNamespace();
		Secret secret = this.client.secrets().inNamespace(ns).withName(target(es)).get();
		if (secret != null && secret.getMetadata()
			.getOwnerReferences()
			.stream()
			.anyMatch(o -> o.getUid().equals(es.getMetadata().getUid()))) {
			this.client.secrets().inNamespace(ns).withName(target(es)).delete();
		}
	}

	private Secret write(GenericKubernetesResource es, Map<String, String> values) {
		String ns = es.getMetadata().getNamespace();
		Map<String, String> data = new TreeMap<>();
		values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
		String hash = hash(data);
		boolean owner = !"Orphan".equals(map(EsoStores.spec(es), "target").get("creationPolicy"));
		Map<String, String> labels = templateLabels(es);
		SecretBuilder wanted = new SecretBuilder().withNewMetadata()
			.withName(target(es))
			.withNamespace(ns)
			.addToLabels(labels)
			.addToLabels(MANAGED, "true")
			.addToAnnotations(DATA_HASH, hash)
			.withOwnerReferences(owner ? List.of(ownerReference(es)) : List.of())
			.endMetadata()
			.withType("Opaque")
			.withData(data);
		Secret existing = this.client.secrets().inNamespace(ns).withName(target(es)).get();
		if (existing == null) {
			return this.client.secrets().inNamespace(ns).resource(wanted.build()).create();
		}
		if (hash.equals(existing.getMetadata().getAnnotations().get(DATA_HASH)) && data.equals(existing.getData())
				&& existing.getMetadata().getLabels() != null
				&& existing.getMetadata().getLabels().entrySet().containsAll(labels.entrySet())) {
			return existing;
		}
		return this.client.secrets()
			.inNamespace(ns)
			.withName(target(es))
			.edit(s -> new SecretBuilder(s).editMetadata()
				.addToLabels(labels)
				.addToLabels(MANAGED, "true")
				.addToAnnotations(DATA_HASH, hash)
				.endMetadata()
				.withData(data)
				.build());
	}

	/**
	 * {@code spec.target.template.metadata.labels}: ESO puts them on the Secret (e.g.
	 * Argo CD's {@code argocd.argoproj.io/secret-type: repository}).
	 */
	private static Map<String, String> templateLabels(GenericKubernetesResource es) {
		Object template = map(EsoStores.spec(es), "target").get("template");
		Map<String, String> labels = new TreeMap<>();
		if (template instanceof Map<?, ?> t && t.get("metadata") instanceof Map<?, ?> metadata
				&& metadata.get("labels") instanceof Map<?, ?> given) {
			given.forEach((k, v) -> labels.put(String.valueOf(k), String.valueOf(v)));
		}
		return labels;
	}

	private EsoStores.Outcome failed(GenericKubernetesResource es, String message) {
		status(es, "False", "SecretSyncedError", message, null);
		return EsoStores.Outcome.FAILED;
	}

	private void status(GenericKubernetesResource es, String status, String reason, String message, Secret synced) {
		this.client.genericKubernetesResources(EXTERNAL_SECRETS)
			.inNamespace(es.getMetadata().getNamespace())
			.withName(es.getMetadata().getName())
			.editStatus(current -> {
				Map<String, Object> body = new LinkedHashMap<>();
				body.put("conditions",
						List.of(EsoStores.condition(EsoStores.conditions(current), "Ready", status, reason, message)));
				Object previous = current.getAdditionalProperties().get("status");
				if (synced != null) {
					body.put("refreshTime", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
					body.put("binding", Map.of("name", synced.getMetadata().getName()));
					body.put("syncedResourceVersion",
							java.util.Objects.requireNonNullElse(current.getMetadata().getGeneration(), 1L) + "-"
									+ synced.getMetadata().getAnnotations().get(DATA_HASH));
				}
				else if (previous instanceof Map<?, ?> old) {
					old.forEach((k, v) -> body.putIfAbsent(String.valueOf(k), v));
				}
				current.setAdditionalProperty("status", body);
				return current;
			});
	}

	private static String target(GenericKubernetesResource es) {
		return text(map(EsoStores.spec(es), "target"), "name", es.getMetadata().getName());
	}

	private static OwnerReference ownerReference(GenericKubernetesResource es) {
		return new OwnerReferenceBuilder().withApiVersion("external-secrets.io/v1")
			.withKind("ExternalSecret")
			.withName(es.getMetadata().getName())
			.withUid(es.getMetadata().getUid())
			.withController(true)
			.withBlockOwnerDeletion(true)
			.build();
	}

	private static String hash(Map<String, String> data) {
		try {
			MessageDigest md5 = MessageDigest.getInstance("MD5");
			data.forEach((k, v) -> md5.update((k + "=" + v + "\n").getBytes(StandardCharsets.UTF_8)));
			return HexFormat.of().formatHex(md5.digest());
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
