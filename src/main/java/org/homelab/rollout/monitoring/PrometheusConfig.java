package org.homelab.rollout.monitoring;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * prometheus.yml for the Prometheus VM, from a {@link ScrapePlan}. Every file it names is
 * relative, so Prometheus resolves it next to the configuration:
 * {@code /etc/prometheus/...} on the VM, the lab's copy in rehearsal.
 * <p>
 * No {@code kubernetes_sd_configs}: Debian's prometheus package (the one installed on the
 * VM) is built without Kubernetes service discovery, and its promtool refuses the key.
 * The engine discovers the K3s nodes through the API server instead and writes them for
 * file service discovery; the cluster's own metrics go through the API server.
 */
public final class PrometheusConfig {

	/** Where the files go in the VM; the keys of {@link #files} are relative to it. */
	public static final String DIR = "/etc/prometheus";

	public static final String CONFIG = "prometheus.yml";

	public static final String TOKEN = "k3s/token";

	public static final String CLUSTER_CA = "k3s/ca.crt";

	public static final String VAULT_CA = "vault-ca.pem";

	public static final String RULES = "rules/*.rules.yml";

	/** The job Prometheus scrapes the engine's /actuator/prometheus as. */
	public static final String ENGINE_JOB = "homelab-rollout";

	/** Node exporters, as file service discovery reads them. */
	public static final String NODE_TARGETS = "targets/nodes.json";

	private PrometheusConfig() {
	}

	public static String render(ScrapePlan plan, String homelab) {
		Map<String, Object> config = new LinkedHashMap<>();
		String interval = plan.scrapeInterval().toSeconds() + "s";
		config.put("global", Map.of("scrape_interval", interval, "evaluation_interval", interval, "external_labels",
				Map.of("homelab", homelab)));
		config.put("rule_files", List.of(RULES));
		List<Object> jobs = new ArrayList<>();
		jobs.add(staticJob("prometheus", plan.self()));
		jobs.add(nodes());
		jobs.add(apiServer(plan.apiServer()));
		jobs.add(kubeStateMetrics(plan.apiServer()));
		jobs.add(withPath(staticJob(ENGINE_JOB, plan.engine()), "/actuator/prometheus"));
		if (plan.vault() != null) {
			jobs.add(vault(plan.vault(), plan.vaultCa()));
		}
		jobs.add(staticJob("grafana", plan.grafana()));
		if (plan.gitlab() != null) {
			jobs.addAll(gitlab(plan.gitlab(), plan.apiServer()));
		}
		if (plan.gitops() != null) {
			jobs.add(argocd(plan.gitops(), plan.apiServer()));
		}
		if (plan.backup() != null) {
			jobs.add(staticJob(BackupTargets.JOB, plan.backup().exporter()));
		}
		config.put("scrape_configs", jobs);
		DumperOptions options = new DumperOptions();
		options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
		options.setWidth(120);
		return "# written by homelab-rollout from the inventory; changes are overwritten by the next run\n"
				+ new Yaml(options).dump(config);
	}

	private static Map<String, Object> staticJob(String name, String target) {
		Map<String, Object> job = new LinkedHashMap<>();
		job.put("job_name", name);
		job.put("static_configs", List.of(Map.of("targets", List.of(target))));
		return job;
	}

	private static Map<String, Object> withPath(Map<String, Object> job, String path) {
		job.put("metrics_path", path);
		return job;
	}

	/**
	 * Node exporters from the file the engine writes ({@link #NODE_TARGETS}): refreshed
	 * without a reload.
	 */
	private static Map<String, Object> nodes() {
		Map<String, Object> job = new LinkedHashMap<>();
		job.put("job_name", "node");
		job.put("file_sd_configs", List.of(Map.of("files", List.of(NODE_TARGETS), "refresh_interval", "5m")));
		return job;
	}

	/**
	 * File service discovery content: one group per node, labelled with its name and
	 * group (k3s, proxmox, …).
	 */
	public static String nodeTargets(List<ScrapePlan.NodeTarget> nodes) {
		List<Map<String, Object>> groups = nodes.stream()
			.map(n -> Map.<String, Object>of("targets", List.of(n.target()), "labels",
					Map.of("node", n.node(), "group", n.group())))
			.toList();
		try {
			return MonitoringHttp.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(groups) + "\n";
		}
		catch (com.fasterxml.jackson.core.JsonProcessingException ex) {
			throw new IllegalStateException("cannot write node targets", ex);
		}
	}

	private static Map<String, Object> clusterAuth(Map<String, Object> job) {
		job.put("scheme", "https");
		job.put("authorization", Map.of("credentials_file", TOKEN));
		job.put("tls_config", Map.of("ca_file", CLUSTER_CA));
		return job;
	}

	private static String authority(String apiServer) {
		URI api = URI.create(apiServer);
		return api.getHost() + ":" + ((api.getPort() > 0) ? api.getPort() : 443);
	}

	/** The K3s API server's own metrics. */
	private static Map<String, Object> apiServer(String apiServer) {
		return clusterAuth(staticJob("kubernetes-apiservers", authority(apiServer)));
	}

	/**
	 * kube-state-metrics' Service through the API server's proxy: pod and service IPs are
	 * not routed to the VM.
	 */
	private static Map<String, Object> kubeStateMetrics(String apiServer) {
		return clusterAuth(withPath(staticJob("kube-state-metrics", authority(apiServer)),
				"/api/v1/namespaces/kube-system/services/kube-state-metrics:http/proxy/metrics"));
	}

	/**
	 * Phase 2: Rails' /-/metrics, gitlab-exporter, and each runner's metrics Service
	 * through the API server's proxy (one target per runner, told apart by its label).
	 */
	private static List<Map<String, Object>> gitlab(GitlabTargets gitlab, String apiServer) {
		Map<String, Object> runners = new LinkedHashMap<>();
		runners.put("job_name", "gitlab-runner");
		runners.put("scheme", "https");
		runners.put("authorization", Map.of("credentials_file", TOKEN));
		runners.put("tls_config", Map.of("ca_file", CLUSTER_CA));
		// one static target (the API server) per runner; its path comes from a label,
		// as Prometheus reads __metrics_path__ per target
		runners.put("static_configs",
				gitlab.runnerServices()
					.stream()
					.map(service -> Map.of("targets", List.of(authority(apiServer)), "labels",
							Map.of("runner", service, "__metrics_path__", gitlab.runnerPath(service))))
					.toList());
		return List.of(withPath(staticJob("gitlab", gitlab.web()), "/-/metrics"),
				staticJob("gitlab-exporter", gitlab.exporter()), runners);
	}

	/**
	 * Phase 3: Argo CD's application controller through the API server's proxy (the
	 * ansible VM's node exporter is among the node targets).
	 */
	private static Map<String, Object> argocd(GitopsTargets gitops, String apiServer) {
		return clusterAuth(withPath(staticJob(GitopsTargets.JOB, authority(apiServer)), gitops.controllerPath()));
	}

	/** Whether a prometheus.yml the engine wrote scrapes Phase 4's PBS exporter. */
	public static boolean scrapesBackup(String prometheusYml) {
		return prometheusYml.lines().anyMatch(line -> line.strip().equals("- job_name: " + BackupTargets.JOB));
	}

	/** Whether a prometheus.yml the engine wrote scrapes Argo CD (Phase 3). */
	public static boolean scrapesArgocd(String prometheusYml) {
		return prometheusYml.lines().anyMatch(line -> line.strip().equals("- job_name: " + GitopsTargets.JOB));
	}

	/** Whether a prometheus.yml the engine wrote scrapes GitLab (Phase 2). */
	public static boolean scrapesGitlab(String prometheusYml) {
		return prometheusYml.lines().anyMatch(line -> line.strip().equals("- job_name: gitlab"));
	}

	private static Map<String, Object> vault(String target, boolean ca) {
		Map<String, Object> job = withPath(staticJob("vault", target), "/v1/sys/metrics");
		job.put("scheme", "https");
		job.put("params", Map.of("format", List.of("prometheus")));
		if (ca) {
			job.put("tls_config", Map.of("ca_file", VAULT_CA));
		}
		return job;
	}

}
