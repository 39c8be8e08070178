package org.homelab.rollout.rehearsal.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;

/**
 * The helm-controller's reads and writes of HelmCharts and HelmChartConfigs, through the
 * API server.
 */
final class HelmCharts {

	static final String FINALIZER = "wrangler.cattle.io/on-helm-chart-remove";

	static final ResourceDefinitionContext CHARTS = context("HelmChart", "helmcharts");

	static final ResourceDefinitionContext CONFIGS = context("HelmChartConfig", "helmchartconfigs");

	private static final int DEFAULT_BACKOFF_LIMIT = 1000;

	private final KubernetesClient client;

	HelmCharts(KubernetesClient client) {
		this.client = client;
	}

	private static ResourceDefinitionContext context(String kind, String plural) {
		return new ResourceDefinitionContext.Builder().withGroup("helm.cattle.io")
			.withVersion("v1")
			.withKind(kind)
			.withPlural(plural)
			.withNamespaced(true)
			.build();
	}

	MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> all() {
		return this.client.genericKubernetesResources(CHARTS);
	}

	MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> configs() {
		return this.client.genericKubernetesResources(CONFIGS);
	}

	GenericKubernetesResource get(String ns, String name) {
		return all().inNamespace(ns).withName(name).get();
	}

	/**
	 * The {@code valuesContent} of the HelmChartConfig named like the chart, which
	 * overrides the chart's values.
	 */
	String configValues(String ns, String name) {
		GenericKubernetesResource config = configs().inNamespace(ns).withName(name).get();
		Object values = (config == null) ? null : HelmReleases.spec(config).get("valuesContent");
		return (values instanceof String text) ? text : "";
	}

	void addFinalizer(String ns, String name) {
		all().inNamespace(ns).withName(name).edit(c -> {
			c.getMetadata().getFinalizers().add(FINALIZER);
			return c;
		});
	}

	void removeFinalizer(String ns, String name) {
		all().inNamespace(ns).withName(name).edit(c -> {
			c.getMetadata().getFinalizers().remove(FINALIZER);
			return c;
		});
	}

	/**
	 * The controller's conditions: JobCreated, and Failed once the Job gave up
	 * ({@code failure} not null).
	 */
	void status(String ns, String name, String jobName, String failure) {
		all().inNamespace(ns).withName(name).editStatus(c -> {
			List<Map<String, Object>> conditions = new ArrayList<>();
			conditions.add(Map.of("type", "JobCreated", "status", "True", "reason", "Job created", "message",
					"Applying HelmChart using Job " + ns + "/" + jobName));
			conditions.add((failure == null) ? Map.of("type", "Failed", "status", "False")
					: Map.of("type", "Failed", "status", "True", "reason", "Job failed", "message", failure));
			c.setAdditionalProperty("status", Map.of("jobName", jobName, "conditions", conditions));
			return c;
		});
	}

	static int backOffLimit(GenericKubernetesResource chart) {
		return (HelmReleases.spec(chart).get("backOffLimit") instanceof Number n) ? n.intValue()
				: DEFAULT_BACKOFF_LIMIT;
	}

	static boolean deleting(GenericKubernetesResource chart) {
		return chart.getMetadata().getDeletionTimestamp() != null;
	}

}
