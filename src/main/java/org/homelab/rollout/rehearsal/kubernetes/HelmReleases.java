package org.homelab.rollout.rehearsal.kubernetes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.homelab.rollout.rehearsal.FaultInjector;

/**
 * What {@code helm install} of the lab's generic chart leaves in the target namespace: a
 * Deployment named after the release (labelled {@code app.kubernetes.io/instance}),
 * placed by {@link PodPlacement} on nodes matching the values' {@code nodeSelector} and
 * GPU limit, ready once its pods have booted. Also decides whether an install fails.
 */
final class HelmReleases {

	static final String INSTANCE = "app.kubernetes.io/instance";

	private final KubernetesClient client;

	private final FaultInjector faults;

	private final Duration boot;

	private final BiConsumer<Duration, Runnable> later;

	HelmReleases(KubernetesClient client, FaultInjector faults, Duration boot, BiConsumer<Duration, Runnable> later) {
		this.client = client;
		this.faults = faults;
		this.boot = boot;
		this.later = later;
	}

	/**
	 * Why helm would fail to install this chart now, as klipper-helm prints it; empty
	 * when it installs.
	 */
	Optional<String> failure(GenericKubernetesResource chart) {
		Map<String, Object> spec = spec(chart);
		String name = String.valueOf(spec.getOrDefault("chart", ""));
		String repo = String.valueOf(spec.getOrDefault("repo", ""));
		if (name.startsWith("missing-") || name.contains("/missing-")) {
			return Optional.of("Error: INSTALLATION FAILED: chart \"" + name + "\" not found in "
					+ (repo.isEmpty() ? "the configured" : repo) + " repository");
		}
		String host = repo.replaceFirst("^[a-z]+://", "").split("[/:]")[0];
		if (host.endsWith(".invalid")) {
			return Optional.of("Error: INSTALLATION FAILED: looks like \"" + repo + "\" is not a valid chart repository"
					+ " or cannot be reached: Get \"" + repo + "/index.yaml\": dial tcp: lookup " + host
					+ ": no such host");
		}
		String target = targetNamespace(chart);
		if (!Boolean.TRUE.equals(spec.get("createNamespace"))
				&& this.client.namespaces().withName(target).get() == null) {
			return Optional
				.of("Error: INSTALLATION FAILED: create: failed to create: namespaces \"" + target + "\" not found");
		}
		if (this.faults.next("kubernetes", "helm-install").filter(FaultInjector.Kind.JOB_FAILED::equals).isPresent()) {
			return Optional.of("Error: INSTALLATION FAILED: Kubernetes cluster unreachable: Get "
					+ "\"https://10.43.0.1:443/version\": dial tcp 10.43.0.1:443: i/o timeout");
		}
		return Optional.empty();
	}

	/**
	 * Installs or upgrades the release ({@code configValues}: its HelmChartConfig's);
	 * returns its revision.
	 */
	int install(GenericKubernetesResource chart, String configValues) {
		String ns = targetNamespace(chart);
		String release = chart.getMetadata().getName();
		if (this.client.namespaces().withName(ns).get() == null) {
			this.client.namespaces()
				.resource(new NamespaceBuilder().withNewMetadata()
					.withName(ns)
					.addToLabels("kubernetes.io/metadata.name", ns)
					.endMetadata()
					.build())
				.create();
		}
		Map<String, Object> spec = spec(chart);
		ChartValues values = ChartValues.of(spec, configValues);
		String chartName = String.valueOf(spec.getOrDefault("chart", release));
		Deployment existing = this.client.apps().deployments().inNamespace(ns).withName(release).get();
		int revision = (existing == null) ? 1
				: Integer.parseInt(existing.getMetadata().getAnnotations().getOrDefault("meta.helm.sh/revision", "1"))
						+ 1;
		Deployment deployment = deployment(ns, release, chartName, values, spec, revision);
		if (GitlabRunnerChart.is(chartName)) {
			GitlabRunnerChart.decorate(deployment, release, values.values());
		}
		if (ArgoCdChart.is(chartName)) {
			ArgoCdChart.decorate(deployment, values.values());
		}
		if (existing != null) {
			this.client.apps().deployments().inNamespace(ns).withName(release).delete();
		}
		this.client.apps().deployments().inNamespace(ns).resource(deployment).create();
		services(ns, release);
		if (GitlabRunnerChart.is(chartName)) {
			GitlabRunnerChart.service(ns, release, String.valueOf(spec.getOrDefault("version", "")), values.values())
				.ifPresent(service -> this.client.services().inNamespace(ns).resource(service).create());
		}
		if (ArgoCdChart.is(chartName)) {
			ArgoCdChart.install(this.client, ns, release, values.values());
		}
		List<Node> nodes = this.client.nodes().list().getItems();
		new PodPlacement(this.client).replace(deployment, values, nodes);
		this.later.accept(this.boot, () -> new PodPlacement(this.client).boot(ns, release));
		return revision;
	}

	void uninstall(GenericKubernetesResource chart) {
		String ns = targetNamespace(chart);
		String release = chart.getMetadata().getName();
		this.client.apps().deployments().inNamespace(ns).withLabel(INSTANCE, release).delete();
		this.client.pods().inNamespace(ns).withLabel(INSTANCE, release).delete();
		services(ns, release);
		ArgoCdChart.uninstall(this.client, ns, release);
	}

	/** Deletes the release's Services (an upgrade makes them again from its values). */
	private void services(String ns, String release) {
		this.client.services()
			.inNamespace(ns)
			.list()
			.getItems()
			.stream()
			.filter(s -> s.getMetadata().getAnnotations() != null
					&& release.equals(s.getMetadata().getAnnotations().get("meta.helm.sh/release-name")))
			.forEach(s -> this.client.services().inNamespace(ns).withName(s.getMetadata().getName()).delete());
	}

	static String targetNamespace(GenericKubernetesResource chart) {
		Object target = spec(chart).get("targetNamespace");
		return (target instanceof String t && !t.isBlank()) ? t : chart.getMetadata().getNamespace();
	}

	@SuppressWarnings("unchecked")
	static Map<String, Object> spec(GenericKubernetesResource chart) {
		Object spec = chart.getAdditionalProperties().get("spec");
		return (spec instanceof Map<?, ?> map) ? (Map<String, Object>) map : Map.of();
	}

	private static Deployment deployment(String ns, String release, String chart, ChartValues values,
			Map<String, Object> spec, int revision) {
		String version = String.valueOf(spec.getOrDefault("version", ""));
		Map<String, String> selector = Map.of("app.kubernetes.io/name", simpleName(chart), INSTANCE, release);
		return new DeploymentBuilder().withNewMetadata()
			.withName(release)
			.withNamespace(ns)
			.withLabels(selector)
			.addToLabels("app.kubernetes.io/managed-by", "Helm")
			.addToLabels("helm.sh/chart", simpleName(chart) + (version.isEmpty() ? "" : "-" + version))
			.addToAnnotations("meta.helm.sh/release-name", release)
			.addToAnnotations("meta.helm.sh/release-namespace", ns)
			.addToAnnotations("meta.helm.sh/revision", String.valueOf(revision))
			.endMetadata()
			.withNewSpec()
			.withReplicas(values.replicas())
			.withNewSelector()
			.withMatchLabels(selector)
			.endSelector()
			.withNewTemplate()
			.withNewMetadata()
			.withLabels(selector)
			.endMetadata()
			.withNewSpec()
			.withNodeSelector(values.nodeSelector().isEmpty() ? null : values.nodeSelector())
			.addNewContainer()
			.withName(simpleName(chart))
			.withImage(values.image(simpleName(chart), version))
			.withNewResources()
			.withLimits(
					values.gpus() > 0 ? Map.of("nvidia.com/gpu", new Quantity(String.valueOf(values.gpus()))) : null)
			.endResources()
			.endContainer()
			.endSpec()
			.endTemplate()
			.endSpec()
			.build();
	}

	private static String simpleName(String chart) {
		return chart.substring(chart.lastIndexOf('/') + 1);
	}

}
