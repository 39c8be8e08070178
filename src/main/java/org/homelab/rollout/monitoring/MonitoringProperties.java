package org.homelab.rollout.monitoring;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where monitoring lives and what it scrapes beyond the inventory's own facts.
 *
 * @param prometheusDir the shipped Prometheus files ({@code rules/*.rules.yml})
 * @param grafanaDir the shipped Grafana files ({@code dashboards/*.json})
 * @param prometheusVm the inventory VM Prometheus runs on
 * @param prometheusPort its port ({@code --web.listen-address})
 * @param grafanaPort Grafana's port on the frontend server
 * @param nodeExporterPort node exporters' port on every node
 * @param namespace where the Prometheus service account and its token Secret live in K3s
 * @param serviceAccount its name (also of the ClusterRole and binding)
 * @param proxmoxNodeTargets node exporter per Proxmox node (node name to host:port);
 * default {@code <node>.<dns-domain>:<nodeExporterPort>}
 * @param engineTarget where Prometheus scrapes this engine; default
 * {@code rollout.<dns-domain>:8080}
 * @param stateDir where the engine keeps its Grafana viewer token (0600)
 * @param timeout connect and read timeout of the Prometheus and Grafana API calls
 * @param scrapeInterval Prometheus' scrape and rule evaluation interval (whole seconds)
 */
@ConfigurationProperties("rollout.monitoring")
public record MonitoringProperties(@DefaultValue("./deploy/prometheus") Path prometheusDir,
		@DefaultValue("./deploy/grafana") Path grafanaDir, @DefaultValue("prometheus") String prometheusVm,
		@DefaultValue("9090") int prometheusPort, @DefaultValue("3000") int grafanaPort,
		@DefaultValue("9100") int nodeExporterPort, @DefaultValue("kube-system") String namespace,
		@DefaultValue("prometheus-homelab") String serviceAccount, @DefaultValue Map<String, String> proxmoxNodeTargets,
		String engineTarget, @DefaultValue("./data/monitoring") Path stateDir, @DefaultValue("10s") Duration timeout,
		@DefaultValue("15s") Duration scrapeInterval) {

	public MonitoringProperties {
		proxmoxNodeTargets = (proxmoxNodeTargets == null) ? Map.of() : Map.copyOf(proxmoxNodeTargets);
	}

	/** The file holding the engine's Grafana viewer token. */
	public Path grafanaTokenFile() {
		return this.stateDir.resolve("grafana-viewer-token");
	}

}
