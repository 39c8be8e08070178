package org.homelab.rollout.rehearsal.argocd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;
import org.homelab.rollout.rehearsal.Contracts;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.LabNetwork;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.rehearsal.kubernetes.ArgoCdChart;
import org.homelab.rollout.rehearsal.kubernetes.KubernetesLab;
import org.homelab.rollout.rehearsal.kubernetes.PodServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rehearsal lab's Argo CD: it runs once the {@code argo-cd} release's pods are Ready
 * in the lab K3s. Its API answers where the release's {@code <fullname>-server} Service
 * is reached from outside the cluster: on every node's address at the Service's node port
 * (NodePort or LoadBalancer, as kube-proxy and K3s's ServiceLB serve it), over TLS with
 * the lab's certificate ({@link #caPem()}; plain HTTP with
 * {@code configs.params."server.insecure"}). Through the API server's service proxy its
 * pods answer {@code GET /healthz} on 8080 and the application controller's metrics on
 * 8082. The {@link ArgoCdController} reconciles Applications from Git
 * ({@link GitRepositories}) into the lab K3s on its own thread.
 */
public final class ArgoCdLab implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ArgoCdLab.class);

	private final KubernetesLab kubernetes;

	private final GitRepositories git;

	private final ArgoCdSchema schema;

	private final FaultInjector faults;

	private final RequestJournal journal;

	private final Latency latency;

	private final List<String> nodeAddresses;

	// made when first needed: RSA keys take a moment, and most labs never run Argo CD
	private HeldCertificate ca;

	private HandshakeCertificates serverTls;

	private ScheduledExecutorService executor;

	private boolean loopPaused;

	private ExecutorService handlers;

	private volatile Installed installed;

	// the listeners: "address:port" -> server
	private final Map<String, HttpServer> listeners = new LinkedHashMap<>();

	private final Map<String, AutoCloseable> closers = new LinkedHashMap<>();

	// one reconcile at a time, the loop's or a test's
	private final Object ticking = new Object();

	/** An installed Argo CD: its namespace, API and controller. */
	private record Installed(String namespace, String release, ArgoCdStore store, ArgoCdController controller,
			ArgoCdApi api) {
	}

	public ArgoCdLab(KubernetesLab kubernetes, GitRepositories git, Contracts contracts, FaultInjector faults,
			RequestJournal journal, Latency latency, List<String> nodeAddresses) {
		this.kubernetes = kubernetes;
		this.git = git;
		this.schema = ArgoCdSchema.load(contracts);
		this.faults = faults;
		this.journal = journal;
		this.latency = latency;
		this.nodeAddresses = List.copyOf(nodeAddresses);
	}

	/** Starts the controller's loop (called once the cluster runs). */
	public synchronized ArgoCdLab start() {
		if (this.executor != null) {
			return this;
		}
		if (!this.schema.loaded()) {
			log.warn("argocd-swagger.json is absent: the lab's Argo CD serves its API without contract checks");
		}
		this.handlers = Executors.newFixedThreadPool(4, r -> {
			Thread thread = new Thread(r, "lab-argocd-server");
			thread.setDaemon(true);
			return thread;
		});
		startLoop();
		return this;
	}

	private void startLoop() {
		this.executor = Executors.newSingleThreadScheduledExecutor(r -> {
			Thread thread = new Thread(r, "lab-argocd-controller");
			thread.setDaemon(true);
			return thread;
		});
		long tick = Math.max(250, Math.min(2000, this.latency.of("argocd.self-heal").toMillis() / 2));
		this.executor.scheduleWithFixedDelay(this::tickSafely, tick, tick, TimeUnit.MILLISECONDS);
	}

	/**
	 * Stops the controller's reconciliation until {@link #resumeLoop()}; the API keeps
	 * answering. Answers whether it ran.
	 */
	public synchronized boolean pauseLoop() {
		if (this.executor == null || this.loopPaused) {
			return false;
		}
		this.executor.shutdownNow();
		this.loopPaused = true;
		return true;
	}

	public synchronized void resumeLoop() {
		if (this.loopPaused && this.executor != null) {
			this.loopPaused = false;
			startLoop();
		}
	}

	/** What the lab's pods answer through the service proxy: healthz and metrics. */
	public PodServer podServer() {
		return this::podAnswer;
	}

	/**
	 * The API's address when served, e.g. {@code https://127.0.10.30:30443} (the first
	 * node's address at the https node port); empty until the release's pods are Ready
	 * behind a NodePort or LoadBalancer Service.
	 */
	public synchronized Optional<String> url() {
		Installed now = this.installed;
		if (now == null || this.listeners.isEmpty()) {
			return Optional.empty();
		}
		return Optional.of(this.listeners.keySet().iterator().next()).map(at -> scheme() + "://" + at);
	}

	/** The CA (PEM) that signed the API's certificate: what a client trusts. */
	public synchronized String caPem() {
		tls();
		return this.ca.certificatePem();
	}

	private synchronized HandshakeCertificates tls() {
		if (this.serverTls == null) {
			this.ca = new HeldCertificate.Builder().certificateAuthority(0)
				.commonName("argocd-lab-ca")
				.rsa2048()
				.build();
			HeldCertificate.Builder server = new HeldCertificate.Builder().commonName("localhost")
				.signedBy(this.ca)
				.rsa2048()
				.addSubjectAlternativeName("localhost")
				.addSubjectAlternativeName("argocd-server")
				.addSubjectAlternativeName("argocd-server.argocd.svc");
			this.nodeAddresses.forEach(server::addSubjectAlternativeName);
			this.serverTls = new HandshakeCertificates.Builder().heldCertificate(server.build(), this.ca.certificate())
				.build();
		}
		return this.serverTls;
	}

	/** Runs one reconcile of everything now (a test's "wait for the controller"). */
	public void reconcileNow() {
		tick();
	}

	/** The Applications as the controller last saw them: name → sync and health. */
	public Map<String, String> applications() {
		Installed now = this.installed;
		if (now == null) {
			return Map.of();
		}
		return now.controller()
			.snapshot()
			.stream()
			.collect(Collectors.toMap(ArgoCdController.AppInfo::name,
					info -> info.syncStatus() + "/" + info.healthStatus(), (a, b) -> a, LinkedHashMap::new));
	}

	/** Back to no Argo CD (the cluster's reset removes what it stored). */
	public synchronized void reset() {
		closeListeners();
		Installed now = this.installed;
		if (now != null) {
			synchronized (now.controller()) {
				now.controller().forgetAll();
			}
		}
		this.installed = null;
	}

	@Override
	public synchronized void close() {
		closeListeners();
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.handlers.shutdownNow();
			this.executor = null;
		}
	}

	private void tickSafely() {
		try {
			tick();
		}
		catch (RuntimeException ex) {
			log.debug("lab Argo CD reconcile failed, retried at the next tick", ex);
		}
	}

	private void tick() {
		synchronized (this.ticking) {
			tickOnce();
		}
	}

	private void tickOnce() {
		if (!this.kubernetes.clusterStarted()) {
			return;
		}
		KubernetesClient client = this.kubernetes.systemClient();
		Optional<Service> server = client.services()
			.inAnyNamespace()
			.withLabel(ArgoCdChart.PART_OF, "argocd")
			.withLabel("app.kubernetes.io/component", "server")
			.list()
			.getItems()
			.stream()
			.findFirst();
		Installed now = this.installed;
		if (server.isEmpty() || !ready(client, server.get())) {
			synchronized (this) {
				closeListeners();
			}
			return;
		}
		String ns = server.get().getMetadata().getNamespace();
		String release = server.get().getMetadata().getLabels().get("app.kubernetes.io/instance");
		if (now == null || !now.namespace().equals(ns) || !now.release().equals(release)) {
			ArgoCdStore store = new ArgoCdStore(client, ns);
			ArgoCdController controller = new ArgoCdController(store, this.git, this.faults, this.latency);
			now = new Installed(ns, release, store, controller,
					new ArgoCdApi(store, controller, this.git, this.schema, this.faults, this.journal));
			this.installed = now;
		}
		defaultProject(now.store());
		listen(server.get(), insecure(client, ns));
		now.controller().tick();
	}

	/** Argo CD makes the {@code default} project at start when there is none. */
	private static void defaultProject(ArgoCdStore store) {
		if (store.get(ArgoCdStore.PROJECTS, "default").isPresent()) {
			return;
		}
		ObjectNode project = ArgoCdStore.JSON.createObjectNode();
		project.putObject("metadata").put("name", "default");
		ObjectNode spec = project.putObject("spec");
		spec.putArray("sourceRepos").add("*");
		spec.putArray("destinations").addObject().put("server", "*").put("namespace", "*");
		spec.putArray("clusterResourceWhitelist").addObject().put("group", "*").put("kind", "*");
		store.create(ArgoCdStore.PROJECTS, project);
	}

	private static boolean ready(KubernetesClient client, Service service) {
		Map<String, String> selector = service.getSpec().getSelector();
		return client.pods()
			.inNamespace(service.getMetadata().getNamespace())
			.withLabels(selector)
			.list()
			.getItems()
			.stream()
			.anyMatch(pod -> pod.getSpec().getNodeName() != null && pod.getMetadata().getDeletionTimestamp() == null
					&& pod.getStatus() != null
					&& pod.getStatus()
						.getConditions()
						.stream()
						.anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus())));
	}

	private static boolean insecure(KubernetesClient client, String ns) {
		ConfigMap params = client.configMaps().inNamespace(ns).withName(ArgoCdChart.PARAMS).get();
		return params != null && params.getData() != null && "true".equals(params.getData().get("server.insecure"));
	}

	private boolean insecureNow;

	private String scheme() {
		return this.insecureNow ? "http" : "https";
	}

	/** Serves the API on every node at the Service's node ports; stops elsewhere. */
	private synchronized void listen(Service service, boolean insecure) {
		List<String> wanted = new ArrayList<>();
		String type = service.getSpec().getType();
		if ("NodePort".equals(type) || "LoadBalancer".equals(type)) {
			List<Integer> ports = new ArrayList<>();
			// https first: url() answers the first
			service.getSpec()
				.getPorts()
				.stream()
				.sorted((a, b) -> Boolean.compare(!"https".equals(a.getName()), !"https".equals(b.getName())))
				.map(ServicePort::getNodePort)
				.filter(port -> port != null && port > 0)
				.forEach(ports::add);
			for (int port : ports) {
				for (String address : this.nodeAddresses) {
					wanted.add(address + ":" + port);
				}
			}
		}
		if (insecure != this.insecureNow || !this.listeners.keySet().equals(new java.util.LinkedHashSet<>(wanted))) {
			closeListeners();
			this.insecureNow = insecure;
			for (String at : wanted) {
				this.listeners.put(at, bind(at, insecure));
			}
			if (!wanted.isEmpty()) {
				log.info("Lab Argo CD serving its API at {}://{}", scheme(), wanted.get(0));
			}
		}
	}

	private HttpServer bind(String at, boolean insecure) {
		String host = at.substring(0, at.lastIndexOf(':'));
		int port = Integer.parseInt(at.substring(at.lastIndexOf(':') + 1));
		try {
			InetSocketAddress address = new InetSocketAddress(InetAddress.getByName(host), port);
			HttpServer server;
			if (insecure) {
				server = HttpServer.create(address, 0);
			}
			else {
				HttpsServer https = HttpsServer.create(address, 0);
				https.setHttpsConfigurator(new HttpsConfigurator(tls().sslContext()));
				server = https;
			}
			server.setExecutor(this.handlers);
			server.createContext("/", this::exchange);
			server.start();
			// one lab owns the lab network's addresses: a newer lab's listener here wins
			AutoCloseable closer = () -> server.stop(0);
			this.closers.put(at, closer);
			LabNetwork.listening(at, closer);
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("the lab's Argo CD cannot listen at " + at, ex);
		}
	}

	private void closeListeners() {
		this.closers.forEach(LabNetwork::released);
		this.closers.clear();
		this.listeners.values().forEach(server -> server.stop(0));
		this.listeners.clear();
		this.insecureNow = false;
	}

	private void exchange(HttpExchange exchange) throws IOException {
		try (exchange) {
			String path = exchange.getRequestURI().getRawPath();
			Installed now = this.installed;
			if (now == null || !path.startsWith("/api/")) {
				boolean health = path.equals("/healthz");
				send(exchange, 200, health ? "text/plain" : "text/html",
						health ? "ok" : "<!doctype html><html><head><title>Argo CD</title></head></html>");
				return;
			}
			String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			if (authorization == null) {
				authorization = cookie(exchange.getRequestHeaders().getFirst("Cookie"));
			}
			RuntimeErrors.Reply reply;
			synchronized (now.controller()) {
				reply = now.api()
					.handle(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(), authorization,
							body);
			}
			boolean json = reply.body().startsWith("{") || reply.body().startsWith("[");
			send(exchange, reply.status(), json ? "application/json" : "text/plain; charset=utf-8", reply.body());
		}
	}

	/** The {@code argocd.token} cookie, as the UI sends the session. */
	private static String cookie(String header) {
		if (header == null) {
			return null;
		}
		for (String part : header.split(";")) {
			String trimmed = part.trim();
			if (trimmed.startsWith("argocd.token=")) {
				return "Bearer " + trimmed.substring("argocd.token=".length());
			}
		}
		return null;
	}

	private static void send(HttpExchange exchange, int status, String type, String text) throws IOException {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", type);
		exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
		if (bytes.length > 0) {
			exchange.getResponseBody().write(bytes);
		}
	}

	private Optional<PodServer.Reply> podAnswer(Pod pod, int port, String path) {
		Map<String, String> labels = pod.getMetadata().getLabels();
		if (labels == null || !"argocd".equals(labels.get(ArgoCdChart.PART_OF))) {
			return Optional.empty();
		}
		String bare = path.split("\\?")[0];
		if (port == ArgoCdChart.SERVER_PORT && bare.equals("/healthz")) {
			return Optional.of(new PodServer.Reply(200, "text/plain", "ok"));
		}
		if (port == ArgoCdChart.CONTROLLER_METRICS_PORT) {
			if (!bare.equals("/metrics")) {
				return Optional.of(new PodServer.Reply(404, "text/plain; charset=utf-8", "404 page not found\n"));
			}
			return Optional.of(new PodServer.Reply(200, "text/plain; version=0.0.4; charset=utf-8", metrics()));
		}
		return Optional.empty();
	}

	/**
	 * The application controller's metrics: argocd_app_info and argocd_app_sync_total.
	 */
	String metrics() {
		StringBuilder text = new StringBuilder();
		Installed now = this.installed;
		text.append("# HELP argocd_app_info Information about application.\n");
		text.append("# TYPE argocd_app_info gauge\n");
		if (now != null) {
			for (ArgoCdController.AppInfo info : now.controller().snapshot()) {
				text.append("argocd_app_info").append(labels(ArgoCdController.labels(info))).append(" 1\n");
			}
		}
		text.append("# HELP argocd_app_sync_total Number of application syncs.\n");
		text.append("# TYPE argocd_app_sync_total counter\n");
		if (now != null) {
			now.controller().syncs().forEach((key, count) -> {
				String[] parts = key.split("\t", -1);
				Map<String, String> labels = new LinkedHashMap<>();
				labels.put("dest_server", parts[4]);
				labels.put("name", parts[0]);
				labels.put("namespace", parts[1]);
				labels.put("phase", parts[3]);
				labels.put("project", parts[2]);
				text.append("argocd_app_sync_total")
					.append(labels(labels))
					.append(' ')
					.append(count.get())
					.append('\n');
			});
		}
		return text.toString();
	}

	private static String labels(Map<String, String> labels) {
		return labels.entrySet()
			.stream()
			.map(e -> e.getKey() + "=\"" + e.getValue().replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
			.collect(Collectors.joining(",", "{", "}"));
	}

}
