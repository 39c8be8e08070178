package org.homelab.rollout.rehearsal.kubernetes;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.VersionInfo;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.ServerRequest;
import io.fabric8.mockwebserver.ServerResponse;
import io.fabric8.mockwebserver.vertx.Protocol;
import org.homelab.rollout.rehearsal.Contracts;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rehearsal lab's K3s cluster: fabric8's CRUD mock API server behind a TLS port on
 * 127.0.0.1 ({@link ApiServerFront}: the cluster starts on the first connection), seeded
 * with the plan's nodes and the contract CRDs (or the lab's own definitions where they
 * are absent), fronted by {@link LabDispatcher} (schema checks, faults, journal, logs)
 * and driven by a simulated K3s {@link HelmController}. Clients reach it through
 * {@link #kubeconfig()}, as they would reach K3s.
 */
public final class KubernetesLab implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(KubernetesLab.class);

	private final KubernetesLabSettings settings;

	private final Latency latency;

	private final FaultInjector faults;

	private final RequestJournal journal;

	private final Contracts contracts;

	// read when the cluster starts
	private ContractCrds crds;

	private final List<Runnable> whenStarted = new ArrayList<>();

	private final List<java.util.function.BiConsumer<String, Boolean>> releaseListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

	private ApiServerFront front;

	private final AtomicBoolean starting = new AtomicBoolean();

	private volatile boolean running;

	private final LabTokens tokens = LabTokens.generate();

	private final PodLogs logs = new PodLogs();

	// what the lab's pods answer on their ports (the service proxy relays to them)
	private final List<PodServer> podServers = new java.util.concurrent.CopyOnWriteArrayList<>();

	// the mock logs every request at INFO through java.util.logging; kept here so the
	// level sticks
	// (by name: naming the class would load the mock server before the cluster starts)
	private static final java.util.logging.Logger mockLog = java.util.logging.Logger
		.getLogger("io.fabric8.mockwebserver.MockWebServer");

	private KubernetesMockServer server;

	private SeededStore store;

	private KubernetesClient controllerClient;

	private KubernetesClient client;

	private HelmController controller;

	private ExternalSecretsController externalSecrets;

	public KubernetesLab(KubernetesLabSettings settings, Latency latency, FaultInjector faults, RequestJournal journal,
			Contracts contracts) {
		this.settings = settings;
		this.latency = latency;
		this.faults = faults;
		this.journal = journal;
		this.contracts = contracts;
	}

	public KubernetesLab(Latency latency, FaultInjector faults, RequestJournal journal) {
		this(KubernetesLabSettings.defaults(), latency, faults, journal, Contracts.locate());
	}

	/**
	 * Opens the API server's port; the cluster behind it starts on the first request
	 * ({@link ApiServerFront}), or when the lab itself needs it.
	 */
	public synchronized KubernetesLab start() {
		if (this.front != null) {
			return this;
		}
		this.contracts.warnIfIncomplete();
		this.front = new ApiServerFront(this::clusterStarted, this::startClusterInBackground, this::cluster)
			.start(this.settings.port());
		log.info("K3s rehearsal API server listening at {} (the cluster starts on first use)", url());
		return this;
	}

	/** Runs {@code action} once the cluster has started (at once if it has). */
	public synchronized void whenClusterStarts(Runnable action) {
		if (this.server != null) {
			action.run();
		}
		else {
			this.whenStarted.add(action);
		}
	}

	/**
	 * Tells {@code listener} of every Helm release the helm-controller installed (true)
	 * or uninstalled (false), by name: what runs outside the simulated cluster but
	 * belongs to a release (the node exporters of prometheus-node-exporter's DaemonSet)
	 * follows it. Kept across {@link #reset}.
	 */
	public void onRelease(java.util.function.BiConsumer<String, Boolean> listener) {
		this.releaseListeners.add(listener);
	}

	private void releaseChanged(String release, boolean installed) {
		this.releaseListeners.forEach(listener -> listener.accept(release, installed));
	}

	/**
	 * Lets {@code server} answer for the lab's pods on their ports, as the service proxy
	 * reaches them.
	 */
	public void serve(PodServer server) {
		this.podServers.add(server);
	}

	/** The HelmChart resources in every namespace, as an admin sees them. */
	public List<GenericKubernetesResource> helmCharts() {
		return client().genericKubernetesResources(HelmCharts.CHARTS).inAnyNamespace().list().getItems();
	}

	/** Whether the cluster behind the API server's port has started. */
	public boolean clusterStarted() {
		// read without the lock, which a starting cluster holds for seconds
		return this.running;
	}

	/** Starts the cluster now, unless it runs. */
	public KubernetesLab startClusterNow() {
		cluster();
		return this;
	}

	/** Starts the cluster on a thread of its own, unless it runs or is starting. */
	public void startClusterInBackground() {
		if (this.starting.compareAndSet(false, true)) {
			Thread thread = new Thread(() -> {
				try {
					cluster();
				}
				catch (RuntimeException ex) {
					this.starting.set(false); // the next request tries again
					log.error("The K3s rehearsal cluster failed to start", ex);
				}
			}, "k3s-lab-cluster-start");
			thread.setDaemon(true);
			thread.start();
		}
	}

	/** Starts the cluster if it is not running yet; its plain HTTP port on loopback. */
	private synchronized int cluster() {
		this.starting.set(true);
		if (this.server == null) {
			startCluster();
		}
		return this.server.getPort();
	}

	private void startCluster() {
		long started = System.nanoTime();
		mockLog.setLevel(java.util.logging.Level.WARNING);
		this.crds = ContractCrds.load(this.contracts);
		Map<ServerRequest, Queue<ServerResponse>> responses = new HashMap<>();
		this.store = new SeededStore(responses);
		LabDispatcher dispatcher = new LabDispatcher(this.store, this.crds, this.logs, this.tokens, this.faults,
				this.journal, this.podServers);
		MockWebServer web = new MockWebServer();
		// HTTP/1.1 only: fabric8 watches are WebSockets, which do not run over HTTP/2
		web.setProtocols(List.of(Protocol.HTTP_1_1));
		// plain HTTP behind the front, which holds the cluster's TLS
		this.server = new KubernetesMockServer(new Context(Serialization.jsonMapper()), web, responses, dispatcher,
				false, version());
		this.server.start(InetAddress.getLoopbackAddress(), 0);
		this.controllerClient = new KubernetesClientBuilder()
			.withConfig(Config.fromKubeconfig(
					Kubeconfig.render("http://127.0.0.1:" + this.server.getPort(), caPem(), this.tokens.controller())))
			.build();
		ClusterSeed.seed(this.controllerClient, this.settings, this.crds);
		this.store.snapshot();
		this.controller = new HelmController(this.controllerClient, this.latency, this.faults, this.logs,
				this::releaseChanged)
			.start();
		this.externalSecrets = new ExternalSecretsController(this.controllerClient, this.latency, this.faults).start();
		this.whenStarted.forEach(Runnable::run);
		this.whenStarted.clear();
		this.running = true;
		log.info("K3s rehearsal cluster started in {} ms", (System.nanoTime() - started) / 1_000_000);
	}

	/**
	 * Back to a freshly installed cluster: every object but the seed gone, the
	 * helm-controller restarted.
	 */
	public synchronized void reset() {
		if (this.server == null) {
			return; // never started: as fresh as it gets
		}
		this.controller.close();
		this.externalSecrets.close();
		this.store.restore();
		this.logs.clear();
		this.controller = new HelmController(this.controllerClient, this.latency, this.faults, this.logs,
				this::releaseChanged)
			.start();
		this.externalSecrets = new ExternalSecretsController(this.controllerClient, this.latency, this.faults).start();
	}

	/** The API server's URL, e.g. {@code https://127.0.0.1:6443}. */
	public String url() {
		return "https://127.0.0.1:" + this.front.port();
	}

	/**
	 * A kubeconfig like K3s's {@code k3s.yaml}: server URL, the server's certificate as
	 * CA, an admin bearer token.
	 */
	public String kubeconfig() {
		return kubeconfig(this.tokens.admin());
	}

	/** An admin client built from {@link #kubeconfig()}, for tests. */
	public synchronized KubernetesClient client() {
		if (this.client == null) {
			this.client = clientFor(this.tokens.admin());
		}
		return this.client;
	}

	/**
	 * The client the cluster's own controllers use (its requests stay out of the journal
	 * and the faults).
	 */
	public synchronized KubernetesClient systemClient() {
		cluster();
		return this.controllerClient;
	}

	/**
	 * Whether custom resources are checked against the contract CRDs (false when any is
	 * absent: the lab serves that kind from its own definition, unchecked).
	 */
	public synchronized boolean schemaChecks() {
		if (this.crds == null) {
			this.crds = ContractCrds.load(this.contracts);
		}
		return this.crds.checked();
	}

	@Override
	public synchronized void close() {
		if (this.front != null) {
			this.front.close();
			this.front = null;
		}
		if (this.server == null) {
			return;
		}
		this.controller.close();
		this.externalSecrets.close();
		if (this.client != null) {
			this.client.close();
		}
		this.controllerClient.close();
		this.server.shutdown();
		this.server = null;
		this.running = false;
		this.client = null;
	}

	/** The cluster CA (PEM), as in a service account's {@code ca.crt}. */
	public String caPem() {
		return this.front.caPem();
	}

	private String kubeconfig(String token) {
		return Kubeconfig.render(url(), caPem(), token);
	}

	private KubernetesClient clientFor(String token) {
		Config config = Config.fromKubeconfig(kubeconfig(token));
		return new KubernetesClientBuilder().withConfig(config).build();
	}

	private VersionInfo version() {
		String[] parts = this.settings.k3sVersion().replace("v", "").split("[.+]");
		return new VersionInfo.Builder().withMajor(parts[0])
			.withMinor(parts[1])
			.withGitVersion(this.settings.k3sVersion())
			.withGitTreeState("clean")
			.withBuildDate(new Date())
			.withGoVersion("go1.24.6")
			.withCompiler("gc")
			.withPlatform("linux/amd64")
			.build();
	}

}
