package org.homelab.rollout.rehearsal.argocd;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import org.homelab.rollout.rehearsal.kubernetes.ArgoCdChart;

/**
 * Where the lab's Argo CD keeps its state, as Argo CD does, in the lab K3s: Applications
 * and AppProjects as custom resources, repositories as Secrets labelled
 * {@code argocd.argoproj.io/secret-type: repository}, the admin password's digest and the
 * signing key in {@code argocd-secret}. Read and written with the cluster's own client
 * (nothing in the journal).
 */
final class ArgoCdStore {

	static final ObjectMapper JSON = new ObjectMapper();

	static final ResourceDefinitionContext APPLICATIONS = context("Application", "applications");

	static final ResourceDefinitionContext PROJECTS = context("AppProject", "appprojects");

	static final String SECRET_TYPE = "argocd.argoproj.io/secret-type";

	private final KubernetesClient client;

	private final String namespace;

	ArgoCdStore(KubernetesClient client, String namespace) {
		this.client = client;
		this.namespace = namespace;
	}

	String namespace() {
		return this.namespace;
	}

	KubernetesClient client() {
		return this.client;
	}

	// applications and projects, as JSON trees

	List<ObjectNode> list(ResourceDefinitionContext kind) {
		List<ObjectNode> items = new ArrayList<>();
		for (GenericKubernetesResource item : this.client.genericKubernetesResources(kind)
			.inNamespace(this.namespace)
			.list()
			.getItems()) {
			items.add(JSON.valueToTree(item));
		}
		return items;
	}

	Optional<ObjectNode> get(ResourceDefinitionContext kind, String name) {
		GenericKubernetesResource item = this.client.genericKubernetesResources(kind)
			.inNamespace(this.namespace)
			.withName(name)
			.get();
		return Optional.ofNullable(item).map(JSON::valueToTree);
	}

	ObjectNode create(ResourceDefinitionContext kind, ObjectNode object) {
		object.put("apiVersion", "argoproj.io/v1alpha1");
		object.put("kind", kind.getKind());
		((ObjectNode) object.path("metadata")).put("namespace", this.namespace);
		GenericKubernetesResource created = this.client.genericKubernetesResources(kind)
			.inNamespace(this.namespace)
			.resource(JSON.convertValue(object, GenericKubernetesResource.class))
			.create();
		return JSON.valueToTree(created);
	}

	/** Replaces the object (its resourceVersion must be current). */
	ObjectNode update(ResourceDefinitionContext kind, ObjectNode object) {
		GenericKubernetesResource updated = this.client.genericKubernetesResources(kind)
			.inNamespace(this.namespace)
			.resource(JSON.convertValue(object, GenericKubernetesResource.class))
			.update();
		return JSON.valueToTree(updated);
	}

	/**
	 * Deletes the object; Argo CD's own finalizer is removed first, as its controller
	 * does once the cascade is done (the caller did it).
	 */
	boolean delete(ResourceDefinitionContext kind, String name) {
		GenericKubernetesResource live = this.client.genericKubernetesResources(kind)
			.inNamespace(this.namespace)
			.withName(name)
			.get();
		if (live == null) {
			return false;
		}
		List<String> finalizers = live.getMetadata().getFinalizers();
		if (finalizers != null && finalizers.removeIf(f -> f.startsWith("resources-finalizer.argocd.argoproj.io"))) {
			this.client.genericKubernetesResources(kind).inNamespace(this.namespace).resource(live).update();
		}
		return !this.client.genericKubernetesResources(kind)
			.inNamespace(this.namespace)
			.withName(name)
			.delete()
			.isEmpty();
	}

	// repositories

	/** A registered repository: its URL and credentials (the password never leaves). */
	record Repository(String secret, String url, String name, String type, String username, String password,
			String project) {

		@Override
		public String toString() {
			return "Repository[" + this.url + "]";
		}

	}

	List<Repository> repositories() {
		List<Repository> repositories = new ArrayList<>();
		for (Secret secret : this.client.secrets()
			.inNamespace(this.namespace)
			.withLabel(SECRET_TYPE, "repository")
			.list()
			.getItems()) {
			Map<String, String> data = decoded(secret);
			if (data.containsKey("url")) {
				repositories.add(new Repository(secret.getMetadata().getName(), data.get("url"), data.get("name"),
						data.getOrDefault("type", "git"), data.get("username"), data.get("password"),
						data.get("project")));
			}
		}
		return repositories;
	}

	/**
	 * The repository registered for {@code url} (compared without a trailing .git or /).
	 */
	Optional<Repository> repository(String url) {
		String wanted = normal(url);
		return repositories().stream().filter(r -> normal(r.url()).equals(wanted)).findFirst();
	}

	void saveRepository(String secretName, Map<String, String> data) {
		Map<String, String> encoded = new LinkedHashMap<>();
		data.forEach((k, v) -> {
			if (v != null) {
				encoded.put(k, encode(v));
			}
		});
		this.client.secrets()
			.inNamespace(this.namespace)
			.resource(new SecretBuilder().withNewMetadata()
				.withName(secretName)
				.withNamespace(this.namespace)
				.addToLabels(SECRET_TYPE, "repository")
				.addToAnnotations("managed-by", "argocd.argoproj.io")
				.endMetadata()
				.withType("Opaque")
				.withData(encoded)
				.build())
			.createOr(existing -> existing.update());
	}

	boolean deleteRepository(String secretName) {
		return !this.client.secrets().inNamespace(this.namespace).withName(secretName).delete().isEmpty();
	}

	// the admin account

	/** argocd-secret's fields, decoded; empty when Argo CD is not installed. */
	Map<String, String> argocdSecret() {
		Secret secret = this.client.secrets().inNamespace(this.namespace).withName(ArgoCdChart.ARGOCD_SECRET).get();
		return (secret != null) ? decoded(secret) : Map.of();
	}

	void changeAdminPassword(String password, Instant now) {
		Secret secret = this.client.secrets().inNamespace(this.namespace).withName(ArgoCdChart.ARGOCD_SECRET).get();
		Map<String, String> data = new LinkedHashMap<>(secret.getData());
		data.put("admin.password", encode(ArgoCdChart.digest(password)));
		data.put("admin.passwordMtime", encode(now.toString()));
		secret.setData(data);
		this.client.secrets().inNamespace(this.namespace).resource(secret).update();
	}

	static String normal(String url) {
		String normal = (url == null) ? "" : url.trim();
		normal = normal.replaceFirst("/+$", "");
		return normal.endsWith(".git") ? normal.substring(0, normal.length() - 4) : normal;
	}

	private static Map<String, String> decoded(Secret secret) {
		Map<String, String> data = new LinkedHashMap<>();
		if (secret.getData() != null) {
			secret.getData()
				.forEach((k, v) -> data.put(k, new String(Base64.getDecoder().decode(v), StandardCharsets.UTF_8)));
		}
		if (secret.getStringData() != null) {
			data.putAll(secret.getStringData());
		}
		return data;
	}

	private static String encode(String value) {
		return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
	}

	static JsonNode text(String value) {
		return JSON.getNodeFactory().textNode(value);
	}

	private static ResourceDefinitionContext context(String kind, String plural) {
		return new ResourceDefinitionContext.Builder().withGroup("argoproj.io")
			.withVersion("v1alpha1")
			.withKind(kind)
			.withPlural(plural)
			.withNamespaced(true)
			.build();
	}

}
