package org.homelab.rollout.rehearsal.monitoring;

import java.nio.file.Path;
import java.util.Map;

/** The lab's monitoring parts: Prometheus and Grafana units for VMs, and the nodes' exporters. */
public final class MonitoringLab implements AutoCloseable {

	private final NodeExporters exporters;

	private final PrometheusService prometheus;

	private final GrafanaService grafana = new GrafanaService();

	/** {@code nodeAddresses}: node name to address of every node exporter (they start with the first Prometheus). */
	public MonitoringLab(Path labDir, Map<String, String> nodeAddresses) {
		this.exporters = new NodeExporters(nodeAddresses);
		this.prometheus = new PrometheusService(labDir.resolve("monitoring"), this.exporters::startAll);
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

	/** No Prometheus, no Grafana, no exporters: a homelab before monitoring. */
	public void reset() {
		this.prometheus.stopAll();
		this.grafana.reset();
		this.exporters.close();
	}

	@Override
	public void close() {
		reset();
	}

}
