package org.homelab.rollout.rehearsal.kubernetes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.Latency;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The K3s helm-controller, simulated: watches HelmCharts in all namespaces through the API server like the real one,
 * adds its finalizer, runs {@code helm-install-<name>} for each new spec (and {@code helm-delete-<name>} on removal),
 * and keeps {@code status.jobName} and the conditions up to date. All work runs on one scheduler thread, so the
 * latencies never block the API server.
 */
final class HelmController implements AutoCloseable {

	static final String FINALIZER = "wrangler.cattle.io/on-helm-chart-remove";

	static final ResourceDefinitionContext HELM_CHARTS = new ResourceDefinitionContext.Builder()
		.withGroup("helm.cattle.io").withVersion("v1").withKind("HelmChart").withPlural("helmcharts")
		.withNamespaced(true).build();

	private static final int DEFAULT_BACKOFF_LIMIT = 1000;

	private static final Logger log = LoggerFactory.getLogger(HelmController.class);

	private final KubernetesClient client;

	private final Latency latency;

	private final HelmJobs jobs;

	private final HelmReleases releases;

	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread thread = new Thread(r, "k3s-helm-controller");
		thread.setDaemon(true);
		return thread;
	});

	private SharedIndexInformer<GenericKubernetesResource> informer;

	HelmController(KubernetesClient client, Latency latency, FaultInjector faults, PodLogs logs) {
		this.client = client;
		this.latency = latency;
		this.jobs = new HelmJobs(client, logs);
		// pods boot in about a sixth of a helm install (10 s of 60 s, realistically)
		this.releases = new HelmReleases(client, faults, latency.of("helm.install").dividedBy(6), this::later);
	}

	HelmController start() {
		this.informer = charts().inAnyNamespace().inform(new ResourceEventHandler<>() {
			@Override
			public void onAdd(GenericKubernetesResource chart) {
				enqueue(chart);
			}

			@Override
			public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource chart) {
				enqueue(chart);
			}

			@Override
			public void onDelete(GenericKubernetesResource chart, boolean unknownFinalState) {
			}
		});
		return this;
	}

	@Override
	public void close() {
		if (this.informer != null) {
			this.informer.close();
		}
		this.executor.shutdownNow();
		try {
			this.executor.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private void enqueue(GenericKubernetesResource chart) {
		String ns = chart.getMetadata().getNamespace();
		String name = chart.getMetadata().getName();
		later(Duration.ZERO, () -> reconcile(ns, name));
	}

	void later(Duration delay, Runnable work) {
		if (this.executor.isShutdown()) {
			return;
		}
		this.executor.schedule(() -> {
			try {
				work.run();
			}
			catch (KubernetesClientException ex) {
				// a conflict or a vanished object: the next event brings the chart back
				log.debug("helm-controller step failed: {}", ex.getMessage());
			}
			catch (RuntimeException ex) {
				log.warn("helm-controller step failed", ex);
			}
		}, delay.toNanos(), TimeUnit.NANOSECONDS);
	}

	private void reconcile(String ns, String name) {
		GenericKubernetesResource chart = chart(ns, name).get();
		if (chart == null) {
			return;
		}
		if (chart.getMetadata().getDeletionTimestamp() != null) {
			uninstall(chart);
			return;
		}
		if (!chart.getMetadata().getFinalizers().contains(FINALIZER)) {
			chart(ns, name).edit(c -> {
				c.getMetadata().getFinalizers().add(FINALIZER);
				return c;
			});
			return;
		}
		int backOffLimit = backOffLimit(chart);
		String hash = HelmJobs.configHash(chart, backOffLimit);
		String jobName = "helm-install-" + name;
		if (hash.equals(HelmJobs.hash(this.jobs.get(ns, jobName)))) {
			return;
		}
		this.jobs.replace(chart, jobName, "install", hash, backOffLimit);
		status(ns, name, jobName, null);
		later(this.latency.of("helm.install"), () -> attempt(ns, name, hash, 1));
	}

	/** One run of the install pod; failures retry with the Job controller's backoff until the limit. */
	private void attempt(String ns, String name, String hash, int attempt) {
		GenericKubernetesResource chart = chart(ns, name).get();
		Job job = this.jobs.get(ns, "helm-install-" + name);
		if (chart == null || chart.getMetadata().getDeletionTimestamp() != null || !hash.equals(HelmJobs.hash(job))) {
			return;
		}
		Optional<String> error = this.releases.failure(chart);
		String command = "+ helm_v3 install --namespace " + HelmReleases.targetNamespace(chart) + " " + name + " "
				+ HelmReleases.spec(chart).getOrDefault("chart", name) + "\n";
		if (error.isEmpty()) {
			int revision = this.releases.install(chart);
			this.jobs.runPod(job, true, command + "NAME: " + name + "\nNAMESPACE: " + HelmReleases.targetNamespace(chart)
					+ "\nSTATUS: deployed\nREVISION: " + revision + "\n");
			this.jobs.complete(job, attempt - 1);
			return;
		}
		this.jobs.runPod(job, false, command + error.get() + "\n");
		int limit = backOffLimit(chart);
		if (attempt > limit) {
			this.jobs.fail(job, attempt);
			status(ns, name, job.getMetadata().getName(), "Job has reached configured number of retries without succeeding");
			return;
		}
		this.jobs.retrying(job, attempt);
		// the Job controller backs off 10 s, 20 s, 40 s ... up to 6 min between pods
		long backoff = Math.min(10L << Math.min(attempt - 1, 6), 360L);
		later(Duration.ofMillis(Math.round(backoff * 1000 * this.latency.scale())).plus(this.latency.of("helm.install")),
				() -> attempt(ns, name, hash, attempt + 1));
	}

	private void uninstall(GenericKubernetesResource chart) {
		String ns = chart.getMetadata().getNamespace();
		String name = chart.getMetadata().getName();
		String jobName = "helm-delete-" + name;
		if (!chart.getMetadata().getFinalizers().contains(FINALIZER) || this.jobs.get(ns, jobName) != null) {
			return;
		}
		this.jobs.replace(chart, jobName, "delete", HelmJobs.configHash(chart, backOffLimit(chart)),
				backOffLimit(chart));
		status(ns, name, jobName, null);
		later(this.latency.of("helm.delete"), () -> finishUninstall(ns, name, jobName));
	}

	private void finishUninstall(String ns, String name, String jobName) {
		GenericKubernetesResource chart = chart(ns, name).get();
		Job job = this.jobs.get(ns, jobName);
		if (chart == null || job == null) {
			return;
		}
		this.releases.uninstall(chart);
		this.jobs.runPod(job, true, "+ helm_v3 uninstall " + name + " --namespace "
				+ HelmReleases.targetNamespace(chart) + "\nrelease \"" + name + "\" uninstalled\n");
		this.jobs.complete(job, 0);
		chart(ns, name).edit(c -> {
			c.getMetadata().getFinalizers().remove(FINALIZER);
			return c;
		});
		this.jobs.collectGarbage(ns, name);
	}

	/** The controller's conditions: JobCreated, and Failed once the Job gave up ({@code failure} not null). */
	private void status(String ns, String name, String jobName, String failure) {
		chart(ns, name).editStatus(c -> {
			List<Map<String, Object>> conditions = new ArrayList<>();
			conditions.add(Map.of("type", "JobCreated", "status", "True", "reason", "Job created", "message",
					"Applying HelmChart using Job " + ns + "/" + jobName));
			conditions.add((failure == null) ? Map.of("type", "Failed", "status", "False")
					: Map.of("type", "Failed", "status", "True", "reason", "Job failed", "message", failure));
			c.setAdditionalProperty("status", Map.of("jobName", jobName, "conditions", conditions));
			return c;
		});
	}

	private static int backOffLimit(GenericKubernetesResource chart) {
		return (HelmReleases.spec(chart).get("backOffLimit") instanceof Number n) ? n.intValue() : DEFAULT_BACKOFF_LIMIT;
	}

	private MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> charts() {
		return this.client.genericKubernetesResources(HELM_CHARTS);
	}

	private Resource<GenericKubernetesResource> chart(String ns, String name) {
		return charts().inNamespace(ns).withName(name);
	}

}
