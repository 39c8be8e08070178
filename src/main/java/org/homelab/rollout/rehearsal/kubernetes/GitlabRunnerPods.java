package org.homelab.rollout.rehearsal.kubernetes;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The K3s side of GitLab Runner in the lab: which runner managers run now. A release of
 * the {@code gitlab-runner} chart whose values name {@code runners.secret} mounts that
 * Secret's {@code runner-token} (the chart's projected volume, beside an empty
 * {@code runner-registration-token}); each of its pods that is Ready polls GitLab with
 * that token from the node it runs on. The token's SHA-256 (as GitLab keeps it) is all
 * that leaves this class; a Secret without both keys starts no manager, as the chart's
 * pod would not start.
 */
public final class GitlabRunnerPods {

	/** The chart's name in https://charts.gitlab.io. */
	public static final String CHART = "gitlab-runner";

	private GitlabRunnerPods() {
	}

	/**
	 * A running runner manager: its Ready pod, the node it runs on, its token's digest,
	 * the release's {@code concurrent} and the port its metrics listen on (0 without
	 * {@code metrics.enabled}).
	 */
	public record Manager(String namespace, String pod, String node, String digest, int concurrent, int metricsPort) {
	}

	/**
	 * The digest of each polling manager's runner token → the node its Ready pod runs on,
	 * read with the cluster's own client (nothing in the journal). Empty before the
	 * cluster runs.
	 */
	public static Map<String, String> polling(KubernetesLab lab) {
		Map<String, String> polling = new LinkedHashMap<>();
		managers(lab).forEach(manager -> polling.put(manager.digest(), manager.node()));
		return polling;
	}

	/** Every running manager, read as {@link #polling} reads them. */
	public static List<Manager> managers(KubernetesLab lab) {
		List<Manager> managers = new ArrayList<>();
		if (!lab.clusterStarted()) {
			return managers;
		}
		KubernetesClient client = lab.systemClient();
		for (GenericKubernetesResource chart : client.genericKubernetesResources(HelmCharts.CHARTS)
			.inAnyNamespace()
			.list()
			.getItems()) {
			Map<String, Object> spec = HelmReleases.spec(chart);
			String name = String.valueOf(spec.getOrDefault("chart", ""));
			if (!name.equals(CHART) && !name.endsWith("/" + CHART)) {
				continue;
			}
			String ns = HelmReleases.targetNamespace(chart);
			String release = chart.getMetadata().getName();
			JsonNode values = ChartValues.of(spec, "").values();
			String secretName = values.path("runners").path("secret").asText("");
			Optional<String> digest = token(client, ns, secretName);
			if (digest.isEmpty()) {
				continue;
			}
			int port = GitlabRunnerChart.metrics(values) ? GitlabRunnerChart.port(values) : 0;
			for (Pod pod : client.pods().inNamespace(ns).withLabel(HelmReleases.INSTANCE, release).list().getItems()) {
				if (ready(pod)) {
					managers.add(new Manager(ns, pod.getMetadata().getName(), pod.getSpec().getNodeName(), digest.get(),
							values.path("concurrent").asInt(1), port));
				}
			}
		}
		return managers;
	}

	private static Optional<String> token(KubernetesClient client, String ns, String name) {
		if (name.isBlank()) {
			return Optional.empty();
		}
		Secret secret = client.secrets().inNamespace(ns).withName(name).get();
		Map<String, String> data = (secret != null && secret.getData() != null) ? secret.getData() : Map.of();
		String token = data.get("runner-token");
		if (token == null || !data.containsKey("runner-registration-token")) {
			return Optional.empty();
		}
		byte[] value = Base64.getDecoder().decode(token);
		return (value.length == 0) ? Optional.empty() : Optional.of(sha256(value));
	}

	private static boolean ready(Pod pod) {
		return pod.getSpec().getNodeName() != null && pod.getStatus() != null
				&& pod.getStatus()
					.getConditions()
					.stream()
					.anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
	}

	private static String sha256(byte[] value) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
