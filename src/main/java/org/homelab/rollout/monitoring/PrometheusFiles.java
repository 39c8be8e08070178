package org.homelab.rollout.monitoring;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Everything written into the Prometheus VM: path in the VM to content (the token among them: never log it). */
public final class PrometheusFiles {

	/** Debian's unit reads its flags from here; the listen address is the VM's own. */
	public static final String DEFAULTS = "/etc/default/prometheus";

	private PrometheusFiles() {
	}

	public static Map<String, String> of(ScrapePlan plan, String homelab, Path rulesDir,
			ClusterMonitoringAccess.Credentials cluster, String vaultCaPem) {
		Map<String, String> files = new LinkedHashMap<>();
		files.put(DEFAULTS, "# written by homelab-rollout\nARGS=\"--web.listen-address=" + plan.self()
				+ " --storage.tsdb.retention.time=30d\"\n");
		files.put(in(PrometheusConfig.CONFIG), PrometheusConfig.render(plan, homelab));
		files.put(in(PrometheusConfig.NODE_TARGETS), PrometheusConfig.nodeTargets(plan.nodes()));
		ShippedFiles.read(rulesDir, ".rules.yml", "rollout.monitoring.prometheus-dir")
			.forEach((name, content) -> files.put(in("rules/" + name), content));
		files.put(in(PrometheusConfig.TOKEN), cluster.token());
		files.put(in(PrometheusConfig.CLUSTER_CA), cluster.caPem());
		if (vaultCaPem != null) {
			files.put(in(PrometheusConfig.VAULT_CA), vaultCaPem);
		}
		return files;
	}

	/** The shipped dashboards of Grafana. */
	public static Map<String, String> dashboards(Path grafanaDir) {
		return ShippedFiles.read(grafanaDir.resolve("dashboards"), ".json", "rollout.monitoring.grafana-dir");
	}

	private static String in(String relative) {
		return PrometheusConfig.DIR + "/" + relative;
	}

}
