package org.homelab.rollout.rehearsal.gitlab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import org.homelab.rollout.rehearsal.LabNetwork;

/**
 * What an Omnibus GitLab serves Prometheus, in the text exposition format the real
 * Prometheus scrapes:
 * <ul>
 * <li>Rails' {@code /-/metrics} on the web port, for clients in
 * {@code gitlab_rails['monitoring_whitelist']} only (404 for others, 502 from nginx while
 * Puma boots): {@code http_requests_total} counting the requests the web server answered,
 * {@code http_request_duration_seconds}, {@code gitlab_rails_boot_time_seconds},
 * {@code puma_*}, {@code deployments};</li>
 * <li>gitlab-exporter on {@code gitlab_exporter['listen_port']} (9168): Sidekiq's queues
 * and jobs, database row counts of the lab's data, process memory;</li>
 * <li>node exporter on {@code node_exporter['listen_address']} (port 9100).</li>
 * </ul>
 * As in Omnibus, {@code prometheus_monitoring['enable'] = false} turns the exporters off
 * unless each is enabled on its own, and an exporter listens on localhost unless its
 * listen address says otherwise: only one listening on all addresses ({@code 0.0.0.0}) or
 * the VM's is reachable from the Prometheus VM, so the lab serves only those.
 */
public final class GitlabMetrics implements AutoCloseable {

	/** gitlab-exporter's port in Omnibus. */
	public static final int EXPORTER_PORT = 9168;

	/** The node exporter's port in Omnibus. */
	public static final int NODE_EXPORTER_PORT = 9100;

	private final GitlabLab lab;

	private final Instant boot = Instant.now();

	private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();

	private final AtomicLong durationMillis = new AtomicLong();

	private final List<Listener> listeners = new ArrayList<>();

	private final Duration bootTook;

	private GitlabMetrics(GitlabLab lab, Duration bootTook) {
		this.lab = lab;
		this.bootTook = bootTook;
	}

	/**
	 * The exporters gitlab.rb asks for, on {@code address}; {@link #web} wraps the web
	 * server's handler.
	 */
	static GitlabMetrics start(GitlabLab lab, InetAddress address, GitlabRb config, Duration boot) {
		GitlabMetrics metrics = new GitlabMetrics(lab, boot);
		Map<String, String> settings = config.settings();
		boolean monitoring = !"false".equals(settings.get("prometheus_monitoring['enable']"));
		if (enabled(settings, "gitlab_exporter", monitoring)
				&& reachable(string(settings.get("gitlab_exporter['listen_address']")), address)) {
			String port = string(settings.get("gitlab_exporter['listen_port']"));
			metrics.listen(address, (port != null) ? Integer.parseInt(port) : EXPORTER_PORT, "gitlab-exporter",
					metrics::exporter);
		}
		String node = string(settings.get("node_exporter['listen_address']"));
		if (enabled(settings, "node_exporter", monitoring) && node != null && node.contains(":")
				&& reachable(node.substring(0, node.lastIndexOf(':')), address)) {
			metrics.listen(address, Integer.parseInt(node.substring(node.lastIndexOf(':') + 1)), "node-exporter",
					metrics::node);
		}
		return metrics;
	}

	/**
	 * The web server's handler with Rails' {@code /-/metrics} in front, counting every
	 * answer.
	 */
	HttpHandler web(HttpHandler rails) {
		return exchange -> {
			long started = System.nanoTime();
			if (exchange.getRequestURI().getRawPath().equals("/-/metrics")) {
				rails(exchange);
			}
			else {
				rails.handle(exchange);
			}
			this.durationMillis.addAndGet((System.nanoTime() - started) / 1_000_000);
			int status = exchange.getResponseCode();
			this.requests
				.computeIfAbsent(exchange.getRequestMethod().toLowerCase(Locale.ROOT) + "\",status=\""
						+ ((status > 0) ? status : 500), key -> new AtomicLong())
				.incrementAndGet();
		};
	}

	/** The ports the exporters listen at, e.g. {@code gitlab-exporter -> 9168}. */
	public Map<String, Integer> listening() {
		Map<String, Integer> ports = new TreeMap<>();
		this.listeners.forEach(listener -> ports.put(listener.name(), listener.port()));
		return ports;
	}

	@Override
	public synchronized void close() {
		for (Listener listener : this.listeners) {
			listener.server().stop(0);
			LabNetwork.released(listener.at(), this);
		}
		this.listeners.clear();
	}

	private void rails(HttpExchange exchange) throws IOException {
		try (exchange) {
			if (this.lab.config == null || !this.lab.config.monitors(exchange.getRemoteAddress().getAddress())) {
				send(exchange, 404, "");
			}
			else if (!this.lab.ready()) {
				send(exchange, 502, "GitLab is not responding (502)\n");
			}
			else {
				send(exchange, 200, railsMetrics());
			}
		}
	}

	private String railsMetrics() {
		StringBuilder m = new StringBuilder();
		m.append("# HELP http_requests_total Rack request count\n# TYPE http_requests_total counter\n");
		new TreeMap<>(this.requests).forEach((labels, count) -> m.append("http_requests_total{method=\"")
			.append(labels)
			.append("\"} ")
			.append(count.get())
			.append('\n'));
		long total = this.requests.values().stream().mapToLong(AtomicLong::get).sum();
		m.append("# HELP http_request_duration_seconds Rack request duration\n")
			.append("# TYPE http_request_duration_seconds histogram\n");
		for (String le : List.of("0.1", "0.5", "2.5", "+Inf")) {
			m.append("http_request_duration_seconds_bucket{le=\"").append(le).append("\"} ").append(total).append('\n');
		}
		m.append("http_request_duration_seconds_sum ")
			.append(this.durationMillis.get() / 1000.0)
			.append("\nhttp_request_duration_seconds_count ")
			.append(total)
			.append('\n');
		gauge(m, "gitlab_rails_boot_time_seconds", "Time taken for GitLab Rails to boot",
				Double.toString(this.bootTook.toMillis() / 1000.0));
		gauge(m, "puma_workers", "Total number of workers", "2");
		gauge(m, "puma_running_workers", "Number of active workers", "2");
		gauge(m, "puma_max_threads", "Maximum number of worker threads", "8");
		gauge(m, "puma_active_connections", "Number of puma threads processing a request", "1");
		m.append("# HELP deployments GitLab Version deployment gauge\n# TYPE deployments gauge\n")
			.append("deployments{version=\"")
			.append(GitlabApi.VERSION)
			.append("\",revision=\"lab\"} 1\n");
		return m.toString();
	}

	private String exporter() {
		long up = Instant.now().getEpochSecond() - this.boot.getEpochSecond();
		int groups;
		int projects;
		int runners;
		synchronized (this.lab.state) {
			groups = this.lab.state.groups.size();
			projects = this.lab.state.projects.size();
			runners = this.lab.state.runners.size();
		}
		StringBuilder m = new StringBuilder();
		m.append("# HELP sidekiq_jobs_processed_total Total number of jobs processed\n")
			.append("# TYPE sidekiq_jobs_processed_total counter\nsidekiq_jobs_processed_total ")
			.append(100 + up * 3)
			.append('\n')
			.append("# HELP sidekiq_jobs_failed_total Total number of jobs failed\n")
			.append("# TYPE sidekiq_jobs_failed_total counter\nsidekiq_jobs_failed_total 0\n");
		gauge(m, "sidekiq_enqueued_jobs", "Number of enqueued jobs", "0");
		gauge(m, "sidekiq_running_jobs", "Number of running jobs", this.lab.ready() ? "1" : "0");
		gauge(m, "sidekiq_workers_size", "Number of Sidekiq workers", "1");
		m.append("# HELP gitlab_database_rows Query row count\n# TYPE gitlab_database_rows gauge\n")
			.append("gitlab_database_rows{query_name=\"namespaces\"} ")
			.append(groups)
			.append("\ngitlab_database_rows{query_name=\"projects\"} ")
			.append(projects)
			.append("\ngitlab_database_rows{query_name=\"ci_runners\"} ")
			.append(runners)
			.append('\n');
		return m.toString();
	}

	private String node() {
		long up = Instant.now().getEpochSecond() - this.boot.getEpochSecond();
		StringBuilder m = new StringBuilder();
		gauge(m, "node_boot_time_seconds", "Node boot time, in unixtime.",
				Long.toString(this.boot.getEpochSecond() - 600));
		m.append("# HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.\n")
			.append("# TYPE node_cpu_seconds_total counter\n");
		for (int cpu = 0; cpu < 4; cpu++) {
			m.append("node_cpu_seconds_total{cpu=\"").append(cpu).append("\",mode=\"idle\"} ").append(500 + up * 0.7);
			m.append("\nnode_cpu_seconds_total{cpu=\"").append(cpu).append("\",mode=\"user\"} ").append(90 + up * 0.25);
			m.append('\n');
		}
		gauge(m, "node_load1", "1m load average.", "1.37");
		gauge(m, "node_memory_MemTotal_bytes", "Memory information field MemTotal_bytes.", "8.589934592e+09");
		gauge(m, "node_memory_MemAvailable_bytes", "Memory information field MemAvailable_bytes.", "3.2e+09");
		m.append("# HELP node_uname_info Labeled system information as provided by the uname system call.\n")
			.append("# TYPE node_uname_info gauge\n")
			.append("node_uname_info{nodename=\"gitlab-ce\",release=\"6.1.0-28-amd64\",sysname=\"Linux\"} 1\n");
		return m.toString();
	}

	private synchronized void listen(InetAddress address, int port, String name, Supplier<String> metrics) {
		String at = address.getHostAddress() + ":" + port;
		LabNetwork.listening(at, this);
		HttpServer server;
		try {
			server = HttpServer.create(new InetSocketAddress(address, port), 16);
		}
		catch (IOException ex) {
			close();
			throw new UncheckedIOException("cannot listen at " + at + " (" + name + ")", ex);
		}
		server.createContext("/", exchange -> {
			try (exchange) {
				if (exchange.getRequestURI().getPath().equals("/metrics")) {
					send(exchange, 200, metrics.get());
				}
				else {
					send(exchange, 404, "404 page not found\n");
				}
			}
		});
		server.start();
		this.listeners.add(new Listener(name, port, at, server));
	}

	private static boolean enabled(Map<String, String> settings, String service, boolean monitoring) {
		String own = settings.get(service + "['enable']");
		return (own != null) ? "true".equals(own) : monitoring;
	}

	/** Whether a listen address is reachable from other hosts at {@code address}. */
	private static boolean reachable(String listen, InetAddress address) {
		return listen != null && (listen.equals("0.0.0.0") || listen.equals("*") || listen.isEmpty()
				|| listen.equals(address.getHostAddress()));
	}

	private static String string(String value) {
		if (value == null || value.length() < 2 || !(value.startsWith("'") || value.startsWith("\""))) {
			return null;
		}
		return value.substring(1, value.length() - 1);
	}

	private static void gauge(StringBuilder m, String name, String help, String value) {
		m.append("# HELP ")
			.append(name)
			.append(' ')
			.append(help)
			.append("\n# TYPE ")
			.append(name)
			.append(" gauge\n")
			.append(name)
			.append(' ')
			.append(value)
			.append('\n');
	}

	private static void send(HttpExchange exchange, int status, String text) throws IOException {
		byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
		exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
		if (bytes.length > 0) {
			exchange.getResponseBody().write(bytes);
		}
	}

	private record Listener(String name, int port, String at, HttpServer server) {
	}

}
