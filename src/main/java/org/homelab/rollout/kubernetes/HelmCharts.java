package org.homelab.rollout.kubernetes;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The HelmChart resource: its API coordinates, how the rollout builds one, and when two
 * specs are the same.
 */
final class HelmCharts {

	static final ResourceDefinitionContext CONTEXT = new ResourceDefinitionContext.Builder().withGroup("helm.cattle.io")
		.withVersion("v1")
		.withKind("HelmChart")
		.withPlural("helmcharts")
		.withNamespaced(true)
		.build();

	static final String MANAGED_BY = "app.kubernetes.io/managed-by";

	static final String ROLLOUT = "homelab-rollout";

	static final String CREATED_BY_RUN = "homelab-rollout/created-by-run";

	/**
	 * Fields the API server fills in from the CRD's defaults: equal to them, they are no
	 * difference.
	 */
	private static final Map<String, Object> SERVER_DEFAULTS = Map.of("driver", "secret", "failurePolicy", "reinstall");

	private HelmCharts() {
	}

	static GenericKubernetesResource build(String namespace, String name, Map<String, Object> spec, String run) {
		return new GenericKubernetesResourceBuilder().withApiVersion("helm.cattle.io/v1")
			.withKind("HelmChart")
			.withNewMetadata()
			.withName(name)
			.withNamespace(namespace)
			.addToLabels(MANAGED_BY, ROLLOUT)
			.addToAnnotations(CREATED_BY_RUN, run)
			.endMetadata()
			.addToAdditionalProperties("spec", spec)
			.build();
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> spec(GenericKubernetesResource chart) {
		Object spec = chart.getAdditionalProperties().get("spec");
		return (spec instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
	}

	/** Same spec, ignoring server defaults; numbers compare by value (1 equals 1L). */
	static boolean sameSpec(Map<String, Object> desired, Map<String, Object> existing) {
		Map<String, Object> stored = new LinkedHashMap<>(existing);
		SERVER_DEFAULTS.forEach((key, value) -> {
			if (value.equals(stored.get(key)) && !desired.containsKey(key)) {
				stored.remove(key);
			}
		});
		return tree(desired).equals(tree(stored));
	}

	/**
	 * The spec fields in which {@code existing} differs from {@code desired}, by the same
	 * rules as {@link #sameSpec}; empty exactly when that is true.
	 */
	static List<String> differingFields(Map<String, Object> desired, Map<String, Object> existing) {
		if (sameSpec(desired, existing)) {
			return List.of();
		}
		JsonNode wanted = tree(desired);
		JsonNode stored = tree(existing);
		Set<String> fields = new TreeSet<>();
		wanted.propertyNames().forEach(fields::add);
		stored.propertyNames().forEach(fields::add);
		List<String> differing = new ArrayList<>();
		for (String field : fields) {
			boolean serverDefault = !desired.containsKey(field) && SERVER_DEFAULTS.containsKey(field)
					&& stored.path(field).asString("").equals(String.valueOf(SERVER_DEFAULTS.get(field)));
			if (!serverDefault && !wanted.path(field).equals(stored.path(field))) {
				differing.add(field);
			}
		}
		return differing;
	}

	static String createdByRun(GenericKubernetesResource chart) {
		Map<String, String> annotations = chart.getMetadata().getAnnotations();
		return (annotations == null) ? null : annotations.get(CREATED_BY_RUN);
	}

	static boolean deleting(GenericKubernetesResource chart) {
		return chart.getMetadata().getDeletionTimestamp() != null;
	}

	private static JsonNode tree(Map<String, Object> spec) {
		ObjectMapper json = Serialization.jsonMapper();
		// through text, so Integer and Long (as the API server's answer is read) become
		// the same node type
		return json.readTree(json.writeValueAsString(spec));
	}

}
