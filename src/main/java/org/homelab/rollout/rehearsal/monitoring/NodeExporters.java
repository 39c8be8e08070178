package org.homelab.rollout.rehearsal.monitoring;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Simulated node exporters (prometheus-node-exporter 1.9) on the nodes' addresses, port
 * 9100, serving /metrics in the text exposition format with the series the shipped rules
 * and dashboards read. A stopped one refuses connections, as a dead exporter does.
 */
public final class NodeExporters implements AutoCloseable {

	public static final int PORT = 9100;

	private final Map<String, String> addresses;

	private final Map<String, LabHttp> running = new ConcurrentHashMap<>();

	private final Instant boot = Instant.now();

	/** When each exporter first served its metrics since {@link #forgetScrapes}. */
	private final Map<String, Instant> firstScraped = new ConcurrentHashMap<>();

	/** Node name to address. */
	public NodeExporters(Map<String, String> addresses) {
		this.addresses = new LinkedHashMap<>(addresses);
	}

	public Map<String, String> addresses() {
		return Map.copyOf(this.addresses);
	}

	/** Starts every exporter not running yet. */
	public synchronized void startAll() {
		this.addresses.keySet().forEach(this::start);
	}

	public synchronized void start(String node) {
		this.running.computeIfAbsent(node,
				n -> new LabHttp(address(this.addresses.get(n)), PORT, "node-exporter-" + n,
						exchange -> exchange.getRequestURI().getPath().equals("/metrics") ? scraped(n)
								: LabHttp.Reply.text(404, "404 page not found\n")));
	}

	/**
	 * From now on, {@link #allScrapedAt} waits for a new scrape of every exporter (a
	 * Prometheus starts).
	 */
	public void forgetScrapes() {
		this.firstScraped.clear();
	}

	/**
	 * When the last of the exporters was first scraped since {@link #forgetScrapes}, once
	 * all of them were.
	 */
	public Optional<Instant> allScrapedAt() {
		return this.firstScraped.keySet().containsAll(this.addresses.keySet())
				? this.firstScraped.values().stream().max(Instant::compareTo) : Optional.empty();
	}

	private LabHttp.Reply scraped(String node) {
		this.firstScraped.putIfAbsent(node, Instant.now());
		return LabHttp.Reply.text(200, metrics(node));
	}

	/** Stops one exporter, as when a node goes down. */
	public synchronized void stop(String node) {
		LabHttp http = this.running.remove(node);
		if (http != null) {
			http.close();
		}
	}

	public Set<String> runningNodes() {
		return Set.copyOf(this.running.keySet());
	}

	@Override
	public synchronized void close() {
		this.running.values().forEach(LabHttp::close);
		this.running.clear();
	}

	private String metrics(String node) {
		long now = Instant.now().getEpochSecond();
		double up = now - this.boot.getEpochSecond();
		StringBuilder m = new StringBuilder();
		m.append("# HELP node_exporter_build_info A metric with a constant '1' value labeled by version.\n")
			.append("# TYPE node_exporter_build_info gauge\n")
			.append("node_exporter_build_info{goversion=\"go1.23.4\",version=\"1.9.0\"} 1\n")
			.append("# HELP node_boot_time_seconds Node boot time, in unixtime.\n# TYPE node_boot_time_seconds gauge\n")
			.append("node_boot_time_seconds ")
			.append(this.boot.getEpochSecond() - 86400)
			.append('\n')
			.append("# HELP node_cpu_seconds_total Seconds the CPUs spent in each mode.\n")
			.append("# TYPE node_cpu_seconds_total counter\n");
		for (int cpu = 0; cpu < 4; cpu++) {
			m.append("node_cpu_seconds_total{cpu=\"")
				.append(cpu)
				.append("\",mode=\"idle\"} ")
				.append(86000 + up * 0.9)
				.append('\n');
			m.append("node_cpu_seconds_total{cpu=\"")
				.append(cpu)
				.append("\",mode=\"user\"} ")
				.append(3000 + up * 0.08)
				.append('\n');
			m.append("node_cpu_seconds_total{cpu=\"")
				.append(cpu)
				.append("\",mode=\"system\"} ")
				.append(1200 + up * 0.02)
				.append('\n');
		}
		m.append("# HELP node_load1 1m load average.\n# TYPE node_load1 gauge\nnode_load1 0.42\n")
			.append("# HELP node_memory_MemTotal_bytes Memory information field MemTotal_bytes.\n")
			.append("# TYPE node_memory_MemTotal_bytes gauge\nnode_memory_MemTotal_bytes 1.6723783680e+10\n")
			.append("# HELP node_memory_MemAvailable_bytes Memory information field MemAvailable_bytes.\n")
			.append("# TYPE node_memory_MemAvailable_bytes gauge\nnode_memory_MemAvailable_bytes 1.0468392960e+10\n")
			.append("# HELP node_filesystem_avail_bytes Filesystem space available to non-root users in bytes.\n")
			.append("# TYPE node_filesystem_avail_bytes gauge\n")
			.append("node_filesystem_avail_bytes{device=\"/dev/sda1\",fstype=\"ext4\",mountpoint=\"/\"} 3.8654705664e+10\n")
			.append("node_filesystem_avail_bytes{device=\"tmpfs\",fstype=\"tmpfs\",mountpoint=\"/run\"} 1.6e+09\n")
			.append("# HELP node_filesystem_size_bytes Filesystem size in bytes.\n")
			.append("# TYPE node_filesystem_size_bytes gauge\n")
			.append("node_filesystem_size_bytes{device=\"/dev/sda1\",fstype=\"ext4\",mountpoint=\"/\"} 6.2725623808e+10\n")
			.append("node_filesystem_size_bytes{device=\"tmpfs\",fstype=\"tmpfs\",mountpoint=\"/run\"} 1.67e+09\n")
			.append("# HELP node_network_receive_bytes_total Network device statistic receive_bytes.\n")
			.append("# TYPE node_network_receive_bytes_total counter\n")
			.append("node_network_receive_bytes_total{device=\"eth0\"} ")
			.append(1.2e9 + up * 52000)
			.append('\n')
			.append("# HELP node_network_transmit_bytes_total Network device statistic transmit_bytes.\n")
			.append("# TYPE node_network_transmit_bytes_total counter\n")
			.append("node_network_transmit_bytes_total{device=\"eth0\"} ")
			.append(8.4e8 + up * 31000)
			.append('\n')
			.append("# HELP node_uname_info Labeled system information as provided by the uname system call.\n")
			.append("# TYPE node_uname_info gauge\nnode_uname_info{nodename=\"")
			.append(node)
			.append("\",release=\"6.1.0-28-amd64\",sysname=\"Linux\"} 1\n");
		return m.toString();
	}

	static InetAddress address(String ip) {
		try {
			return InetAddress.getByName(ip);
		}
		catch (UnknownHostException ex) {
			throw new IllegalArgumentException("not an address: " + ip, ex);
		}
	}

}
