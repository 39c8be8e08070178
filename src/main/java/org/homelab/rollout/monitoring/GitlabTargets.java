package org.homelab.rollout.monitoring;

import java.util.List;

/**
 * What Prometheus scrapes of Phase 2: GitLab CE on its VM as Omnibus serves it (Rails'
 * {@code /-/metrics} on the web port, for the monitoring allow-list only; gitlab-exporter
 * on 9168; the node exporter), and the runners' metrics (port 9252) in K3s through the
 * API server's service proxy, as kube-state-metrics is: pod and Service IPs are not
 * routed to the Prometheus VM, and Debian's Prometheus has no Kubernetes discovery.
 *
 * @param web host:port of GitLab's web server (plain HTTP; TLS ends at the front door)
 * @param exporter host:port of gitlab-exporter
 * @param node the VM's node exporter
 * @param runnerNamespace the runners' namespace
 * @param runnerServices the runners' metrics Services (the chart's
 * {@code metrics.enabled} and {@code service.enabled}: named after the release, port
 * {@code metrics})
 */
public record GitlabTargets(String web, String exporter, ScrapePlan.NodeTarget node, String runnerNamespace,
		List<String> runnerServices) {

	/** The inventory VM the plan gives GitLab CE. */
	public static final String VM = "gitlab-ce";

	/** The node exporters' group of GitLab's VM in the node targets. */
	public static final String GROUP = "gitlab";

	public static final int WEB_PORT = 80;

	public static final int EXPORTER_PORT = 9168;

	public static final int RUNNER_PORT = 9252;

	public static final String RUNNER_NAMESPACE = "gitlab-runner";

	/** The runners' Helm releases (deploy/helm-values/gitlab-runner-*.yaml). */
	public static final List<String> RUNNER_RELEASES = List.of("gitlab-runner-gpu", "gitlab-runner-general");

	/** Prometheus's jobs of Phase 2, in the order prometheus.yml lists them. */
	public static final List<String> JOBS = List.of("gitlab", "gitlab-exporter", "gitlab-runner");

	public GitlabTargets {
		runnerServices = List.copyOf(runnerServices);
	}

	static GitlabTargets of(String host, int nodeExporterPort) {
		return new GitlabTargets(host + ":" + WEB_PORT, host + ":" + EXPORTER_PORT,
				new ScrapePlan.NodeTarget(VM, GROUP, host + ":" + nodeExporterPort), RUNNER_NAMESPACE, RUNNER_RELEASES);
	}

	/** The API server's service-proxy path of a runner's metrics. */
	public String runnerPath(String service) {
		return "/api/v1/namespaces/" + this.runnerNamespace + "/services/" + service + ":metrics/proxy/metrics";
	}

}
