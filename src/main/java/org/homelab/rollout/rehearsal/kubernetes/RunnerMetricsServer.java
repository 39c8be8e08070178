package org.homelab.rollout.rehearsal.kubernetes;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

import io.fabric8.kubernetes.api.model.Pod;

/**
 * The runner managers' metrics listener ({@code metrics.enabled}: the chart's
 * {@code --listen-address} on {@code metrics.port}) for the service proxy: a Ready pod of
 * a {@code gitlab-runner} release with a token Secret answers {@code GET /metrics} with
 * what {@code metrics} renders for its token's digest and {@code concurrent}, any other
 * path 404 as Go's mux. Which pods run managers is what the last {@link #polling() poll}
 * saw (the runner heartbeat's thread reads the cluster; the proxy only reads this).
 */
public final class RunnerMetricsServer implements PodServer {

	private final KubernetesLab lab;

	private final BiFunction<String, Integer, String> metrics;

	private volatile Map<String, GitlabRunnerPods.Manager> byPod = Map.of();

	/**
	 * @param metrics the Prometheus text of a manager, by its token's digest and its
	 * {@code concurrent}
	 */
	public RunnerMetricsServer(KubernetesLab lab, BiFunction<String, Integer, String> metrics) {
		this.lab = lab;
		this.metrics = metrics;
	}

	/** Reads the running managers: their token digest → node, as the heartbeat polls. */
	public Map<String, String> polling() {
		List<GitlabRunnerPods.Manager> managers = GitlabRunnerPods.managers(this.lab);
		this.byPod = managers.stream()
			.collect(java.util.stream.Collectors.toMap(m -> m.namespace() + "/" + m.pod(), m -> m, (a, b) -> a));
		Map<String, String> polling = new java.util.LinkedHashMap<>();
		managers.forEach(manager -> polling.put(manager.digest(), manager.node()));
		return polling;
	}

	@Override
	public Optional<Reply> get(Pod pod, int port, String path) {
		GitlabRunnerPods.Manager manager = this.byPod
			.get(pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName());
		if (manager == null || manager.metricsPort() == 0 || manager.metricsPort() != port) {
			return Optional.empty();
		}
		if (!path.equals("/metrics") && !path.startsWith("/metrics?")) {
			return Optional.of(new Reply(404, "text/plain; charset=utf-8", "404 page not found\n"));
		}
		return Optional.of(new Reply(200, "text/plain; version=0.0.4; charset=utf-8",
				this.metrics.apply(manager.digest(), manager.concurrent())));
	}

}
