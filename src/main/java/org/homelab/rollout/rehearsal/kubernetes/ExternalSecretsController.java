package org.homelab.rollout.rehearsal.kubernetes;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.Latency;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The External Secrets Operator, simulated: does nothing until its Helm release runs (a
 * ready Deployment labelled {@code app.kubernetes.io/name=external-secrets}); then, like
 * the real controllers, validates each ClusterSecretStore by logging into Vault with its
 * service account (condition Ready: Valid or InvalidProviderConfig), and syncs each
 * ExternalSecret into its target Secret, again every refreshInterval. Also does what the
 * chart and the garbage collector would: the operator's ServiceAccount exists while it
 * runs, and a deleted ExternalSecret takes the Secret it owns with it. All work runs on
 * one scheduler thread.
 */
final class ExternalSecretsController implements AutoCloseable {

	static final String NAME = "external-secrets";

	private static final Logger log = LoggerFactory.getLogger(ExternalSecretsController.class);

	private final KubernetesClient client;

	private final EsoStores stores;

	private final EsoSync sync;

	private final Duration retry;

	private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread thread = new Thread(r, "external-secrets-controller");
		thread.setDaemon(true);
		return thread;
	});

	// the latest enqueue of each object: an older scheduled requeue finds itself
	// superseded and does nothing
	private final Map<String, Long> epochs = new ConcurrentHashMap<>();

	private final AtomicLong counter = new AtomicLong();

	private List<SharedIndexInformer<?>> informers = List.of();

	private SharedIndexInformer<Deployment> operator;

	ExternalSecretsController(KubernetesClient client, Latency latency, FaultInjector faults) {
		this.client = client;
		this.stores = new EsoStores(client, new ServiceAccountTokens(), faults);
		this.sync = new EsoSync(client, this.stores);
		// controller-runtime requeues a failed reconcile with back-off; a few seconds,
		// scaled like the lab's work
		this.retry = Duration.ofMillis(Math.max(50, Math.round(5000 * latency.scale())));
	}

	ExternalSecretsController start() {
		this.operator = this.client.apps()
			.deployments()
			.inAnyNamespace()
			.withLabel("app.kubernetes.io/name", NAME)
			.inform(new Changes<>(d -> later(Duration.ZERO, this::operatorChanged)));
		SharedIndexInformer<GenericKubernetesResource> storeInformer = this.client
			.genericKubernetesResources(EsoStores.STORES)
			.inform(new Changes<>(s -> enqueueStore(s.getMetadata().getName())));
		SharedIndexInformer<GenericKubernetesResource> secretInformer = this.client
			.genericKubernetesResources(EsoSync.EXTERNAL_SECRETS)
			.inAnyNamespace()
			.inform(new ResourceEventHandler<>() {
				@Override
				public void onAdd(GenericKubernetesResource es) {
					enqueueSync(es);
				}

				@Override
				public void onUpdate(GenericKubernetesResource old, GenericKubernetesResource es) {
					if (Changes.specOrAnnotationsChanged(old, es)) {
						enqueueSync(es);
					}
				}

				@Override
				public void onDelete(GenericKubernetesResource es, boolean unknownFinalState) {
					later(Duration.ZERO, () -> ExternalSecretsController.this.sync.collect(es));
				}
			});
		this.informers = List.of(this.operator, storeInformer, secretInformer);
		return this;
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

	/**
	 * The namespace the operator runs in, or null while it does not (not installed, or no
	 * pod ready yet).
	 */
	private String operatorNamespace() {
		return this.operator.getStore()
			.list()
			.stream()
			.filter(d -> d.getStatus() != null && d.getStatus().getReadyReplicas() != null
					&& d.getStatus().getReadyReplicas() > 0)
			.map(d -> d.getMetadata().getNamespace())
			.findFirst()
			.orElse(null);
	}

	private void operatorChanged() {
		String ns = operatorNamespace();
		if (ns == null) {
			return;
		}
		// the chart's ServiceAccount, which the lab's generic chart does not render
		if (this.client.serviceAccounts().inNamespace(ns).withName(NAME).get() == null) {
			this.client.serviceAccounts()
				.inNamespace(ns)
				.resource(new ServiceAccountBuilder().withNewMetadata()
					.withName(NAME)
					.withNamespace(ns)
					.addToLabels("app.kubernetes.io/name", NAME)
					.addToLabels("app.kubernetes.io/instance", NAME)
					.addToLabels("app.kubernetes.io/managed-by", "Helm")
					.endMetadata()
					.build())
				.create();
		}
		this.client.genericKubernetesResources(EsoStores.STORES)
			.list()
			.getItems()
			.forEach(s -> enqueueStore(s.getMetadata().getName()));
		this.client.genericKubernetesResources(EsoSync.EXTERNAL_SECRETS)
			.inAnyNamespace()
			.list()
			.getItems()
			.forEach(this::enqueueSync);
	}

	private void enqueueStore(String name) {
		schedule("store/" + name, Duration.ZERO, () -> validate(name));
	}

	private void validate(String name) {
		if (operatorNamespace() == null) {
			return;
		}
		EsoStores.Outcome outcome = this.stores.validate(name);
		if (outcome != EsoStores.Outcome.GONE) {
			Duration next = (outcome == EsoStores.Outcome.DONE) ? EsoStores.REQUEUE : this.retry;
			schedule("store/" + name, next, () -> validate(name));
		}
	}

	private void enqueueSync(GenericKubernetesResource es) {
		String ns = es.getMetadata().getNamespace();
		String name = es.getMetadata().getName();
		schedule("es/" + ns + "/" + name, Duration.ZERO, () -> sync(ns, name));
	}

	private void sync(String ns, String name) {
		if (operatorNamespace() == null) {
			return;
		}
		String key = "es/" + ns + "/" + name;
		switch (this.sync.sync(ns, name)) {
			case DONE ->
				this.sync.refreshInterval(ns, name).ifPresent(every -> schedule(key, every, () -> sync(ns, name)));
			case FAILED -> schedule(key, this.retry, () -> sync(ns, name));
			case GONE -> this.epochs.remove(key);
		}
	}

	private void schedule(String key, Duration delay, Runnable work) {
		long epoch = this.counter.incrementAndGet();
		this.epochs.put(key, epoch);
		later(delay, () -> {
			if (Objects.equals(this.epochs.get(key), epoch)) {
				work.run();
			}
		});
	}

	private void later(Duration delay, Runnable work) {
		try {
			this.executor.schedule(() -> {
				try {
					work.run();
				}
				catch (KubernetesClientException ex) {
					log.debug("external-secrets controller step failed: {}", ex.getMessage());
				}
				catch (RuntimeException ex) {
					log.warn("external-secrets controller step failed", ex);
				}
			}, delay.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// closed by a reset or shutdown: the work belonged to the old cluster
		}
	}

	/**
	 * Enqueues on add, delete, and updates that change what the controller reads (not its
	 * own status writes).
	 */
	private record Changes<T extends io.fabric8.kubernetes.api.model.HasMetadata>(
			java.util.function.Consumer<T> enqueue) implements ResourceEventHandler<T> {

		@Override
		public void onAdd(T object) {
			this.enqueue.accept(object);
		}

		@Override
		public void onUpdate(T old, T object) {
			if (!(object instanceof GenericKubernetesResource) || specOrAnnotationsChanged(old, object)) {
				this.enqueue.accept(object);
			}
		}

		@Override
		public void onDelete(T object, boolean unknownFinalState) {
			this.enqueue.accept(object);
		}

		static boolean specOrAnnotationsChanged(Object old, Object object) {
			if (old instanceof GenericKubernetesResource a && object instanceof GenericKubernetesResource b) {
				return !Objects.equals(a.getAdditionalProperties().get("spec"), b.getAdditionalProperties().get("spec"))
						|| !Objects.equals(annotations(a), annotations(b));
			}
			return true;
		}

		private static Map<String, String> annotations(GenericKubernetesResource resource) {
			return Objects.requireNonNullElse(resource.getMetadata().getAnnotations(), Map.of());
		}

	}

}
