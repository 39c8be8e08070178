package org.homelab.rollout.rehearsal.kubernetes;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/**
 * What the {@code gitlab-runner} chart (0.86.0, https://charts.gitlab.io) makes beyond
 * the lab's generic Deployment: its pods labelled {@code app: <fullname>} and
 * {@code release: <release>}, the container port {@code metrics.portName}
 * ({@code metrics.port}) when {@code metrics.enabled}, and with {@code service.enabled}
 * too the metrics Service of templates/service.yaml: named {@code <fullname>}, that port
 * (targetPort by name), selecting those labels. {@code <fullname>} is the chart's helper:
 * {@code fullnameOverride}, else the release name when it starts with the chart's name
 * ({@code nameOverride} or {@code gitlab-runner}), else {@code <release>-gitlab-runner},
 * cut to 63 characters.
 */
final class GitlabRunnerChart {

	static final String CHART = GitlabRunnerPods.CHART;

	private GitlabRunnerChart() {
	}

	static boolean is(String chart) {
		return chart.equals(CHART) || chart.endsWith("/" + CHART);
	}

	static String fullname(String release, JsonNode values) {
		String override = values.path("fullnameOverride").asText("");
		String name;
		if (!override.isBlank()) {
			name = override;
		}
		else {
			String chart = values.path("nameOverride").asText("");
			chart = chart.isBlank() ? CHART : chart;
			name = release.startsWith(chart) ? release : release + "-" + chart;
		}
		name = (name.length() > 63) ? name.substring(0, 63) : name;
		return name.endsWith("-") ? name.substring(0, name.length() - 1) : name;
	}

	static boolean metrics(JsonNode values) {
		return values.path("metrics").path("enabled").asBoolean(false);
	}

	static String portName(JsonNode values) {
		return values.path("metrics").path("portName").asText("metrics");
	}

	static int port(JsonNode values) {
		return values.path("metrics").path("port").asInt(9252);
	}

	/** The chart's pod labels and, with metrics on, its metrics container port. */
	static void decorate(Deployment deployment, String release, JsonNode values) {
		Map<String, String> labels = new LinkedHashMap<>(deployment.getSpec().getTemplate().getMetadata().getLabels());
		labels.put("app", fullname(release, values));
		labels.put("release", release);
		deployment.getSpec().getTemplate().getMetadata().setLabels(labels);
		if (metrics(values)) {
			deployment.getSpec()
				.getTemplate()
				.getSpec()
				.getContainers()
				.get(0)
				.getPorts()
				.add(new ContainerPortBuilder().withName(portName(values))
					.withContainerPort(port(values))
					.withProtocol("TCP")
					.build());
		}
	}

	/** templates/service.yaml: only with both {@code service} and {@code metrics} on. */
	static Optional<Service> service(String ns, String release, String version, JsonNode values) {
		if (!values.path("service").path("enabled").asBoolean(false) || !metrics(values)) {
			return Optional.empty();
		}
		String fullname = fullname(release, values);
		Map<String, String> selector = Map.of("app", fullname, "release", release);
		return Optional.of(new ServiceBuilder().withNewMetadata()
			.withName(fullname)
			.withNamespace(ns)
			.addToLabels("app", fullname)
			.addToLabels("chart", CHART + (version.isEmpty() ? "" : "-" + version))
			.addToLabels("release", release)
			.addToLabels("heritage", "Helm")
			.addToLabels("app.kubernetes.io/managed-by", "Helm")
			.addToAnnotations("meta.helm.sh/release-name", release)
			.addToAnnotations("meta.helm.sh/release-namespace", ns)
			.endMetadata()
			.withNewSpec()
			.addNewPort()
			.withName(portName(values))
			.withPort(port(values))
			.withTargetPort(new IntOrString(portName(values)))
			.withProtocol("TCP")
			.endPort()
			.withSelector(selector)
			.withType(values.path("service").path("type").asText("ClusterIP"))
			.endSpec()
			.build());
	}

}
