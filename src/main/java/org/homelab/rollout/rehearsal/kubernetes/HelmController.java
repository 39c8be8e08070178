package org.homelab.rollout.rehearsal.kubernetes;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.Latency;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The K3s helm-controller, simulated: watches HelmCharts (and HelmChartConfigs) in all
 * namespaces through the API server like the real one, adds its finalizer, runs
 * {@code helm-install-<name>} for each new configuration (and {@code helm-delete-<name>}
 * on removal), and keeps {@code status.jobName} and the conditions up to date. All work
 * runs on one scheduler thread, so the latencies never hold up the API server.
 */
final class HelmController implements AutoCloseable {

	static final String FINALIZER = HelmCharts.FINALIZER;

	static final ResourceDefinitionContext HELM_CHARTS = HelmCharts.CHARTS;

	private static final Logger log = LoggerFactory.getLogger(HelmController.class);

	private final Latency latency;

	private final HelmCharts charts;

	private final HelmJobs jobs;

	private final HelmReleases releases;

	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread thread = new Thread(r, "k3s-helm-controller");
		thread.setDaemon(true);
		return thread;
	});

	private List<SharedIndexInformer<GenericKubernetesResource>> informers = List.of();

	/** Told of every release installed (true) or uninstalled (false), by name. */
	private final java.util.function.BiConsumer<String, Boolean> releaseListener;

	HelmController(KubernetesClient client, Latency latency, FaultInjector faults, PodLogs logs,
			java.util.function.BiConsumer<String, Boolean> releaseListener) {
		this.latency = latency;
		this.releaseListener = releaseListener;
		this.charts = new HelmCharts(client);
		this.jobs = new HelmJobs(client, logs);
		// pods boot in about a sixth of a helm install (10 s of 60 s, realistically)
		this.releases = new HelmReleases(client, faults, latency.of("helm.pod-boot"), this::later);
	}

	HelmController start() {
		// a HelmChartConfig concerns the HelmChart of the same namespace and name
		this.informers = List.of(this.charts.all().inAnyNamespace().inform(handler()),
				this.charts.configs().inAnyNamespace().inform(handler()));
		return this;
	}

	private ResourceEventHandler<GenericKubernetesResource> handler() {
		return new ResourceEventHandler<>() {
			@Override
			public void onAdd(GenericKubernetesResource object) {
				enqueue(object);
			}

			@Override
			public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource object) {
				enqueue(object);
			}

			@Override
			public void onDelete(GenericKubernetesResource object, boolean unknownFinalState) {
				enqueue(object);
			}
		};
	}

	@Override
	public void close() {
		this.informers.forEach(SharedIndexInformer::close);
		this.executor.shutdownNow();
		try {
			this.executor.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void enqueue(GenericKubernetesResource object) {
		String ns = object.getMetadata().getNamespace();
		String name = object.getMetadata().getName();
		later(Duration.ZERO, () -> reconcile(ns, name));
	}

	void later(Duration delay, Runnable work) {
		try {
			this.executor.schedule(() -> {
				try {
					work.run();
				}
				catch (KubernetesClientException ex) {
					log.debug("helm-controller step failed: {}", ex.getMessage());
				}
				catch (RuntimeException ex) {
					log.warn("helm-controller step failed", ex);
				}
			}, delay.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// closed by a reset or shutdown: the work belonged to the old cluster
		}
	}

	private void reconcile(String ns, String name) {
		GenericKubernetesResource chart = this.charts.get(ns, name);
		if (chart == null) {
			return;
		}
		if (HelmCharts.deleting(chart)) {
			uninstall(chart);
			return;
		}
		if (!chart.getMetadata().getFinalizers().contains(FINALIZER)) {
			// the update brings the chart back here
			this.charts.addFinalizer(ns, name);
			return;
		}
		int backOffLimit = HelmCharts.backOffLimit(chart);
		String hash = HelmJobs.configHash(chart, backOffLimit, this.charts.configValues(ns, name));
		String jobName = "helm-install-" + name;
		if (hash.equals(HelmJobs.hash(this.jobs.get(ns, jobName)))) {
			return;
		}
		this.jobs.replace(chart, jobName, "install", hash, backOffLimit);
		this.charts.status(ns, name, jobName, null);
		later(this.latency.of("helm.install"), () -> attempt(ns, name, hash, 1));
	}

	/**
	 * One run of the install pod; failures retry with the Job controller's backoff until
	 * the limit.
	 */
	private void attempt(String ns, String name, String hash, int attempt) {
		GenericKubernetesResource chart = this.charts.get(ns, name);
		Job job = this.jobs.get(ns, "helm-install-" + name);
		if (chart == null || HelmCharts.deleting(chart) || !hash.equals(HelmJobs.hash(job))) {
			return;
		}
		String target = HelmReleases.targetNamespace(chart);
		String command = "+ helm_v3 install --namespace " + target + " " + name + " "
				+ HelmReleases.spec(chart).getOrDefault("chart", name) + "\n";
		Optional<String> error = this.releases.failure(chart);
		if (error.isEmpty()) {
			int revision = this.releases.install(chart, this.charts.configValues(ns, name));
			this.jobs.runPod(job, true, command + "NAME: " + name + "\nNAMESPACE: " + target
					+ "\nSTATUS: deployed\nREVISION: " + revision + "\n");
			this.jobs.complete(job, attempt - 1);
			this.releaseListener.accept(name, true);
			return;
		}
		this.jobs.runPod(job, false, command + error.get() + "\n");
		if (attempt > HelmCharts.backOffLimit(chart)) {
			this.jobs.fail(job, attempt);
			this.charts.status(ns, name, job.getMetadata().getName(),
					"Job has reached configured number of retries without succeeding");
			return;
		}
		this.jobs.retrying(job, attempt);
		// the Job controller backs off 10 s, 20 s, 40 s ... up to 6 min between pods
		long backoffSeconds = Math.min(10L << Math.min(attempt - 1, 6), 360L);
		Duration backoff = Duration.ofMillis(Math.round(backoffSeconds * 1000 * this.latency.scale()));
		later(backoff.plus(this.latency.of("helm.install")), () -> attempt(ns, name, hash, attempt + 1));
	}

	private void uninstall(GenericKubernetesResource chart) {
		String ns = chart.getMetadata().getNamespace();
		String name = chart.getMetadata().getName();
		String jobName = "helm-delete-" + name;
		if (!chart.getMetadata().getFinalizers().contains(FINALIZER) || this.jobs.get(ns, jobName) != null) {
			return;
		}
		int backOffLimit = HelmCharts.backOffLimit(chart);
		this.jobs.replace(chart, jobName, "delete", HelmJobs.configHash(chart, backOffLimit, ""), backOffLimit);
		this.charts.status(ns, name, jobName, null);
		later(this.latency.of("helm.delete"), () -> finishUninstall(ns, name, jobName));
	}

	private void finishUninstall(String ns, String name, String jobName) {
		GenericKubernetesResource chart = this.charts.get(ns, name);
		Job job = this.jobs.get(ns, jobName);
		if (chart == null || job == null) {
			return;
		}
		this.releases.uninstall(chart);
		this.releaseListener.accept(name, false);
		this.jobs.runPod(job, true, "+ helm_v3 uninstall " + name + " --namespace "
				+ HelmReleases.targetNamespace(chart) + "\nrelease \"" + name + "\" uninstalled\n");
		this.jobs.complete(job, 0);
		this.charts.removeFinalizer(ns, name);
		this.jobs.collectGarbage(ns, name);
	}

}
