package org.homelab.rollout.rehearsal.monitoring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.RequestJournal;

/**
 * The lab's monitoring parts: Prometheus and Grafana units for VMs, and the nodes'
 * exporters.
 */
public final class MonitoringLab implements AutoCloseable {

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
