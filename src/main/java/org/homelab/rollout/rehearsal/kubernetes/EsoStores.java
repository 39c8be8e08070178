package org.homelab.rollout.rehearsal.kubernetes;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.kubernetes.EsoVaultProvider.ProviderException;

/**
 * ClusterSecretStores as ESO's store controller sees them: a store is valid when a Vault
 * client can be made, i.e. the service account's token logs in at Vault's Kubernetes
 * auth. Status and Events use ESO's reasons and messages.
 */
final class EsoStores {

	enum Outcome {

		DONE, FAILED, GONE

	}

	/**
	 * A Vault client logged in for one reconcile; closing it revokes its token, as ESO
	 * does.
	 */
	record Session(EsoVaultProvider provider, String token) implements AutoCloseable {

		@Override
		public void close() {
			this.provider.revoke(this.token);
		}

	}

	static final ResourceDefinitionContext STORES = new ResourceDefinitionContext.Builder()
		.withGroup("external-secrets.io")
		.withVersion("v1")
		.withKind("ClusterSecretStore")
		.withPlural("clustersecretstores")
		.withNamespaced(false)
		.build();

	/**
	 * ESO's --store-requeue-interval default: a valid store is validated again after it.
	 */
	static final Duration REQUEUE = Duration.ofMinutes(5);

	private final KubernetesClient client;

	private final ServiceAccountTokens tokens;

	private final FaultInjector faults;

	EsoStores(KubernetesClient client, ServiceAccountTokens tokens, FaultInjector faults) {
		this.client = client;
		this.tokens = tokens;
		this.faults = faults;
	}

	GenericKubernetesResource get(String name) {
		return this.client.genericKubernetesResources(STORES).withName(name).get();
	}

	Outcome validate(String name) {
		GenericKubernetesResource store = get(name);
		if (store == null) {
			return Outcome.GONE;
		}
		try {
			open(store).close();
			status(name, "True", "Valid", "store validated");
			return Outcome.DONE;
		}
		catch (ProviderException ex) {
			status(name, "False", "InvalidProviderConfig", "unable to create client");
			event(store, "default", "InvalidProviderConfig", ex.getMessage());
			return Outcome.FAILED;
		}
	}

	static boolean ready(GenericKubernetesResource store) {
		return conditions(store).stream()
			.anyMatch(c -> "Ready".equals(c.get("type")) && "True".equals(c.get("status")));
	}

	/** A Vault client for the store, logged in with its service account's token. */
	Session open(GenericKubernetesResource store) throws ProviderException {
		Map<String, Object> vault = map(map(spec(store), "provider"), "vault");
		if (vault.isEmpty()) {
			throw new ProviderException("the rehearsal lab's operator simulates the vault provider only");
		}
		Map<String, Object> kubernetes = map(map(vault, "auth"), "kubernetes");
		Map<String, Object> account = map(kubernetes, "serviceAccountRef");
		if (account.isEmpty()) {
			throw new ProviderException(
					"the rehearsal lab's operator simulates kubernetes auth with a " + "serviceAccountRef only");
		}
		String accountNs = text(account, "namespace", "");
		String accountName = text(account, "name", "");
		if (accountNs.isEmpty()) {
			throw new ProviderException("cluster scope requires namespace");
		}
		EsoVaultProvider.Store spec = new EsoVaultProvider.Store(URI.create(text(vault, "server", "")),
				text(vault, "path", "secret"), text(vault, "version", "v2"),
				text(kubernetes, "mountPath", "kubernetes"), text(kubernetes, "role", ""), ca(vault));
		ServiceAccount sa = this.client.serviceAccounts().inNamespace(accountNs).withName(accountName).get();
		if (sa == null) {
			throw new ProviderException("serviceaccounts \"" + accountName + "\" not found");
		}
		List<String> audiences = new ArrayList<>(List.of(ServiceAccountTokens.ISSUER));
		if (account.get("audiences") instanceof List<?> more) {
			more.forEach(a -> audiences.add(String.valueOf(a)));
		}
		EsoVaultProvider provider = new EsoVaultProvider(spec);
		// fault "kubernetes:eso-login": Vault refuses the operator's login, as a broken
		// role or auth mount would
		if (this.faults.next("kubernetes", "eso-login").isPresent()) {
			throw new ProviderException("unable to log in with Kubernetes auth: Error making API request. URL: PUT "
					+ spec.server() + "/v1/auth/" + spec.authMount() + "/login Code: 500. Errors: * internal error");
		}
		return new Session(provider, provider.login(this.tokens.issue(sa, audiences, Duration.ofMinutes(10))));
	}

	/**
	 * caBundle (base64 PEM) or caProvider (a ConfigMap's or Secret's key), else the
	 * system's roots.
	 */
	private String ca(Map<String, Object> vault) throws ProviderException {
		Object bundle = vault.get("caBundle");
		if (bundle instanceof String b && !b.isBlank()) {
			return new String(Base64.getDecoder().decode(b), StandardCharsets.UTF_8);
		}
		Map<String, Object> provider = map(vault, "caProvider");
		if (provider.isEmpty()) {
			return null;
		}
		String ns = text(provider, "namespace", "");
		String name = text(provider, "name", "");
		String key = text(provider, "key", "");
		if ("Secret".equals(provider.get("type"))) {
			Secret secret = this.client.secrets().inNamespace(ns).withName(name).get();
			String value = (secret == null || secret.getData() == null) ? null : secret.getData().get(key);
			if (value == null) {
				throw new ProviderException("failed to get cert from secret: secrets \"" + name + "\" not found");
			}
			return new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8);
		}
		ConfigMap map = this.client.configMaps().inNamespace(ns).withName(name).get();
		String value = (map == null || map.getData() == null) ? null : map.getData().get(key);
		if (value == null) {
			throw new ProviderException("failed to get cert from configmap: configmaps \"" + name + "\" not found");
		}
		return value;
	}

	private void status(String name, String status, String reason, String message) {
		this.client.genericKubernetesResources(STORES).withName(name).editStatus(store -> {
			store.setAdditionalProperty("status", Map.of("capabilities", "ReadWrite", "conditions",
					List.of(condition(conditions(store), "Ready", status, reason, message))));
			return store;
		});
	}

	/**
	 * ESO records the reason of a failure in an Event; cluster-scoped stores' Events go
	 * to "default".
	 */
	void event(GenericKubernetesResource object, String ns, String reason, String message) {
		String now = Instant.now().toString();
		this.client.v1()
			.events()
			.inNamespace(ns)
			.resource(new EventBuilder().withNewMetadata()
				.withName(object.getMetadata().getName() + "."
						+ HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()))
				.withNamespace(ns)
				.endMetadata()
				.withNewInvolvedObject()
				.withApiVersion(object.getApiVersion())
				.withKind(object.getKind())
				.withName(object.getMetadata().getName())
				.withNamespace(object.getMetadata().getNamespace())
				.withUid(object.getMetadata().getUid())
				.endInvolvedObject()
				.withType("Warning")
				.withReason(reason)
				.withMessage(message)
				.withFirstTimestamp(now)
				.withLastTimestamp(now)
				.withCount(1)
				.withNewSource()
				.withComponent("external-secrets")
				.endSource()
				.build())
			.create();
	}

	/**
	 * The Ready condition, its lastTransitionTime kept while its status stays the same.
	 */
	static Map<String, Object> condition(List<Map<String, Object>> previous, String type, String status, String reason,
			String message) {
		String since = previous.stream()
			.filter(c -> type.equals(c.get("type")) && status.equals(c.get("status")))
			.map(c -> String.valueOf(c.get("lastTransitionTime")))
			.findFirst()
			.orElse(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
		Map<String, Object> condition = new LinkedHashMap<>();
		condition.put("type", type);
		condition.put("status", status);
		condition.put("reason", reason);
		condition.put("message", message);
		condition.put("lastTransitionTime", since);
		return condition;
	}

	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> conditions(GenericKubernetesResource object) {
		Object status = object.getAdditionalProperties().get("status");
		Object conditions = (status instanceof Map<?, ?> s) ? s.get("conditions") : null;
		return (conditions instanceof List<?> list) ? (List<Map<String, Object>>) list : List.of();
	}

	static Map<String, Object> spec(GenericKubernetesResource object) {
		return map(object.getAdditionalProperties(), "spec");
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> map(Map<String, Object> parent, String key) {
		Object value = parent.get(key);
		return (value instanceof Map<?, ?> m) ? (Map<String, Object>) m : Map.of();
	}

	static String text(Map<String, Object> parent, String key, String fallback) {
		Object value = parent.get(key);
		return (value instanceof String s && !s.isBlank()) ? s : fallback;
	}

}
