package org.homelab.rollout.rehearsal.monitoring;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.RequestJournal;

/**
 * The lab's monitoring parts: Prometheus and Grafana units for VMs, and the nodes'
 * exporters.
 */
public final class MonitoringLab implements AutoCloseable {

	private static final ObjectMapper JSON = new ObjectMapper();

	private final NodeExporters exporters;

	private final PrometheusService prometheus;

	private final GrafanaService grafana;

	/** Node exporters a VM installed from Debian (Phase 3's ansible VM). */
	private final NodeExporterApt vmExporters = new NodeExporterApt();

	/**
	 * {@code nodeAddresses}: node name to address of every node exporter (they start with
	 * the first Prometheus).
	 */
	public MonitoringLab(Path labDir, Map<String, String> nodeAddresses) {
		this(labDir, nodeAddresses, FaultInjector.none(), null);
	}

	/**
	 * The same, with Grafana's API and the simulated Prometheus failing by the lab's
	 * rules ("grafana", "prometheus") and answering into its journal.
	 */
	public MonitoringLab(Path labDir, Map<String, String> nodeAddresses, FaultInjector faults, RequestJournal journal) {
		this.exporters = new NodeExporters(nodeAddresses);
		this.prometheus = new PrometheusService(labDir.resolve("monitoring"), () -> {
			this.exporters.startAll();
			this.exporters.forgetScrapes();
		}, faults, journal);
		this.grafana = new GrafanaService(faults, journal);
	}

	/**
	 * How long the VM's real Prometheus took from its start to having scraped every node:
	 * its own start-up (TSDB, the discovery that hands targets to the scrape loops, a
	 * scrape offset), which no engine can shorten. Empty where the simulated one runs: it
	 * scrapes when asked for its targets, so on the engine's schedule.
	 */
	public Optional<Duration> startToAllNodesScraped(int vmid) {
		if (!PrometheusService.real()) {
			return Optional.empty();
		}
		return this.prometheus.startedAt(vmid)
			.flatMap(started -> this.exporters.allScrapedAt()
				.filter(scraped -> scraped.isAfter(started))
				.map(scraped -> Duration.between(started, scraped)));
	}

	/**
	 * How long the VM's real Prometheus took from its last reload to the first good
	 * scrape of every target it did not scrape before: the discovery that hands new
	 * targets to the scrape loops (throttled to 5 s twice over in Prometheus 2.42) and a
	 * scrape offset, which no engine can shorten. Read from Prometheus' own samples of
	 * {@code up} (their timestamps are the scrapes'). Empty where the simulated one runs,
	 * when the reload added no target, or when Prometheus does not answer.
	 */
	public Optional<Duration> reloadToNewTargetsScraped(int vmid) {
		if (!PrometheusService.real()) {
			return Optional.empty();
		}
		Optional<Instant> reloaded = this.prometheus.reloadedAt(vmid);
		Optional<String> listen = this.prometheus.listening(vmid);
		if (reloaded.isEmpty() || listen.isEmpty()) {
			return Optional.empty();
		}
		JsonNode series;
		try {
			HttpResponse<String> answer = HttpClient.newHttpClient()
				.send(HttpRequest
					.newBuilder(URI.create("http://" + listen.get() + "/api/v1/query?query="
							+ URLEncoder.encode("up[30m]", StandardCharsets.UTF_8)))
					.timeout(Duration.ofSeconds(5))
					.build(), HttpResponse.BodyHandlers.ofString());
			series = JSON.readTree(answer.body()).path("data").path("result");
		}
		catch (IOException ex) {
			return Optional.empty();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Optional.empty();
		}
		double since = reloaded.get().toEpochMilli() / 1000.0;
		double last = Double.NaN;
		for (JsonNode one : series) {
			JsonNode samples = one.path("values");
			if (samples.isEmpty() || samples.get(0).get(0).asDouble() <= since) {
				continue; // scraped before the reload: not new
			}
			for (JsonNode sample : samples) {
				if ("1".equals(sample.get(1).asText())) {
					double at = sample.get(0).asDouble();
					last = Double.isNaN(last) ? at : Math.max(last, at);
					break;
				}
			}
		}
		return Double.isNaN(last) ? Optional.empty()
				: Optional.of(Duration.ofMillis(Math.round((last - since) * 1000)));
	}

	public NodeExporters exporters() {
		return this.exporters;
	}

	public PrometheusService prometheus() {
		return this.prometheus;
	}

	public GrafanaService grafana() {
		return this.grafana;
	}

	public NodeExporterApt vmExporters() {
		return this.vmExporters;
	}

	/** No Prometheus, no Grafana, no exporters: a homelab before monitoring. */
	public void reset() {
		this.prometheus.stopAll();
		this.grafana.reset();
		this.exporters.close();
		this.vmExporters.reset();
	}

	@Override
	public void close() {
		reset();
	}

}
