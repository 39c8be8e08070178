package org.homelab.rollout.rehearsal.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * What the {@code argo-cd} chart (argo-helm, appVersion v3.4.4) makes beyond the lab's
 * generic Deployment, whose pods play every Argo CD component at once: the container
 * ports {@code server} (8080), {@code metrics} (8082, the application controller's) and
 * {@code server-metrics} (8083); the Services {@code <fullname>-server} (http 80 and
 * https 443 to 8080, {@code server.service.type}, node ports
 * {@code server.service.nodePortHttp} / {@code nodePortHttps} 30080 / 30443 when NodePort
 * or LoadBalancer) and, with {@code controller.metrics.enabled},
 * {@code <fullname>-application-controller-metrics} (8082); the {@code argocd-secret}
 * (the server's signing key and the admin password's digest, as Argo CD keeps a bcrypt
 * hash) and the {@code argocd-initial-admin-secret} with a random password, which
 * argocd-server makes at its first start while no admin password is set.
 * {@code <fullname>} is the chart's helper: {@code fullnameOverride}, else the release
 * when it contains the name ({@code nameOverride}, which the chart's values.yaml sets to
 * {@code argocd}), else {@code <release>-<name>}: release {@code argocd} gives
 * {@code argocd-server}.
 */
public final class ArgoCdChart {

	/** The chart's name in https://argoproj.github.io/argo-helm. */
	public static final String CHART = "argo-cd";

	/**
	 * Argo CD's version as {@code GET /api/version} tells it (the chart's appVersion).
	 */
	public static final String VERSION = "v3.4.4+a1b2c3d";

	/** {@code nameOverride} in chart 10.1.1's values.yaml. */
	static final String DEFAULT_NAME = "argocd";

	/** Argo CD's secret with the admin password's digest and the server's key. */
	public static final String ARGOCD_SECRET = "argocd-secret";

	/** The Secret with the generated admin password, key {@code password}. */
	public static final String INITIAL_ADMIN_SECRET = "argocd-initial-admin-secret";

	/** The label on every object of the release's pods (the lab's one Deployment). */
	public static final String PART_OF = "app.kubernetes.io/part-of";

	/** The chart's {@code configs.params} ConfigMap. */
	public static final String PARAMS = "argocd-cmd-params-cm";

	public static final int SERVER_PORT = 8080;

	public static final int CONTROLLER_METRICS_PORT = 8082;

	public static final int SERVER_METRICS_PORT = 8083;

	private static final SecureRandom RANDOM = new SecureRandom();

	private ArgoCdChart() {
	}

	public static boolean is(String chart) {
		return chart.equals(CHART) || chart.endsWith("/" + CHART);
	}

	/** The chart's {@code argo-cd.fullname}. */
	public static String fullname(String release, JsonNode values) {
		String override = values.path("fullnameOverride").asText("");
		String name;
		if (!override.isBlank()) {
			name = override;
		}
		else {
			String chart = values.path("nameOverride").asText(DEFAULT_NAME);
			name = release.contains(chart) ? release : release + "-" + chart;
		}
		name = (name.length() > 63) ? name.substring(0, 63) : name;
		return name.endsWith("-") ? name.substring(0, name.length() - 1) : name;
	}

	/** {@code configs.params."server.insecure"}: argocd-server speaks plain HTTP. */
	public static boolean insecure(JsonNode values) {
		JsonNode flag = values.path("configs").path("params").path("server.insecure");
		return flag.asBoolean(false) || "true".equals(flag.asText());
	}

	/** The pods' labels and container ports. */
	static void decorate(Deployment deployment, JsonNode values) {
		Map<String, String> labels = new LinkedHashMap<>(deployment.getSpec().getTemplate().getMetadata().getLabels());
		labels.put(PART_OF, "argocd");
		deployment.getSpec().getTemplate().getMetadata().setLabels(labels);
		List<ContainerPort> ports = deployment.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts();
		ports.add(port("server", SERVER_PORT));
		ports.add(port("metrics", CONTROLLER_METRICS_PORT));
		ports.add(port("server-metrics", SERVER_METRICS_PORT));
	}

	/** The Services and Secrets the release makes (an upgrade keeps the secrets). */
	static void install(KubernetesClient client, String ns, String release, JsonNode values) {
		for (Service service : services(ns, release, values)) {
			client.services().inNamespace(ns).resource(service).create();
		}
		// configs.params: what argocd-server and the controller read at start
		client.configMaps()
			.inNamespace(ns)
			.resource(new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata()
				.withName(PARAMS)
				.withNamespace(ns)
				.addToLabels(PART_OF, "argocd")
				.addToAnnotations("meta.helm.sh/release-name", release)
				.endMetadata()
				.withData(Map.of("server.insecure", Boolean.toString(insecure(values))))
				.build())
			.createOr(existing -> existing.update());
		Secret argocd = client.secrets().inNamespace(ns).withName(ARGOCD_SECRET).get();
		if (argocd == null || argocd.getData() == null || !argocd.getData().containsKey("admin.password")) {
			// no admin password yet: argocd-server generates one and shows it in the
			// initial secret
			String password = random(12);
			Map<String, String> data = new LinkedHashMap<>();
			data.put("admin.password", encode(digest(password)));
			data.put("admin.passwordMtime", encode(Instant.now().toString()));
			data.put("server.secretkey", encode(random(32)));
			client.secrets()
				.inNamespace(ns)
				.resource(new SecretBuilder().withNewMetadata()
					.withName(ARGOCD_SECRET)
					.withNamespace(ns)
					.addToLabels(PART_OF, "argocd")
					.addToLabels("app.kubernetes.io/name", ARGOCD_SECRET)
					.addToAnnotations("meta.helm.sh/release-name", release)
					.endMetadata()
					.withType("Opaque")
					.withData(data)
					.build())
				.createOr(existing -> existing.update());
			client.secrets()
				.inNamespace(ns)
				.resource(new SecretBuilder().withNewMetadata()
					.withName(INITIAL_ADMIN_SECRET)
					.withNamespace(ns)
					.endMetadata()
					.withType("Opaque")
					.withData(Map.of("password", encode(password)))
					.build())
				.createOr(existing -> existing.update());
		}
	}

	/** What an uninstall removes beyond the Deployment and Services: argocd-secret. */
	static void uninstall(KubernetesClient client, String ns, String release) {
		Secret argocd = client.secrets().inNamespace(ns).withName(ARGOCD_SECRET).get();
		if (argocd != null && argocd.getMetadata().getAnnotations() != null
				&& release.equals(argocd.getMetadata().getAnnotations().get("meta.helm.sh/release-name"))) {
			client.secrets().inNamespace(ns).withName(ARGOCD_SECRET).delete();
		}
		client.configMaps().inNamespace(ns).withName(PARAMS).delete();
	}

	/**
	 * How Argo CD keeps a password: a one-way digest (bcrypt in Argo CD; SHA-256 with a
	 * marker in the lab), compared, never reversed.
	 */
	public static String digest(String password) {
		try {
			return "$lab-sha256$" + HexFormat.of()
				.formatHex(MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static List<Service> services(String ns, String release, JsonNode values) {
		String fullname = fullname(release, values);
		JsonNode server = values.path("server").path("service");
		String type = server.path("type").asText("ClusterIP");
		boolean nodePorts = type.equals("NodePort") || type.equals("LoadBalancer");
		ServiceBuilder serverService = service(ns, release, fullname + "-server", "server");
		serverService.editSpec()
			.withType(type)
			.addToPorts(new ServicePortBuilder().withName("http")
				.withPort(server.path("servicePortHttp").asInt(80))
				.withTargetPort(new IntOrString("server"))
				.withProtocol("TCP")
				.withNodePort(nodePorts ? server.path("nodePortHttp").asInt(30080) : null)
				.build())
			.addToPorts(new ServicePortBuilder().withName("https")
				.withPort(server.path("servicePortHttps").asInt(443))
				.withTargetPort(new IntOrString("server"))
				.withProtocol("TCP")
				.withNodePort(nodePorts ? server.path("nodePortHttps").asInt(30443) : null)
				.build())
			.endSpec();
		List<Service> services = new java.util.ArrayList<>(List.of(serverService.build()));
		JsonNode metrics = values.path("controller").path("metrics");
		if (metrics.path("enabled").asBoolean(false)) {
			ServiceBuilder controller = service(ns, release, fullname + "-application-controller-metrics",
					"application-controller");
			controller.editSpec()
				.withType("ClusterIP")
				.addToPorts(new ServicePortBuilder()
					.withName(metrics.path("service").path("portName").asText("http-metrics"))
					.withPort(metrics.path("service").path("servicePort").asInt(CONTROLLER_METRICS_PORT))
					.withTargetPort(new IntOrString("metrics"))
					.withProtocol("TCP")
					.build())
				.endSpec();
			services.add(controller.build());
		}
		return services;
	}

	private static ServiceBuilder service(String ns, String release, String name, String component) {
		return new ServiceBuilder().withNewMetadata()
			.withName(name)
			.withNamespace(ns)
			.addToLabels("app.kubernetes.io/name", name)
			.addToLabels("app.kubernetes.io/component", component)
			.addToLabels(HelmReleases.INSTANCE, release)
			.addToLabels(PART_OF, "argocd")
			.addToLabels("app.kubernetes.io/managed-by", "Helm")
			.addToAnnotations("meta.helm.sh/release-name", release)
			.addToAnnotations("meta.helm.sh/release-namespace", ns)
			.endMetadata()
			.withNewSpec()
			.withSelector(Map.of(HelmReleases.INSTANCE, release, PART_OF, "argocd"))
			.endSpec();
	}

	private static ContainerPort port(String name, int port) {
		return new ContainerPortBuilder().withName(name).withContainerPort(port).withProtocol("TCP").build();
	}

	private static String random(int bytes) {
		byte[] value = new byte[bytes];
		RANDOM.nextBytes(value);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(value);
	}

	private static String encode(String value) {
		return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
	}

}
