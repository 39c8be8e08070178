package org.homelab.rollout.monitoring;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Everything written into the Prometheus VM: path in the VM to content (the token among
 * them: never log it).
 */
public final class PrometheusFiles {

	/** Debian's unit reads its flags from here; the listen address is the VM's own. */
	public static final String DEFAULTS = "/etc/default/prometheus";

	private static final String PROPERTY = "rollout.monitoring.prometheus-dir";

	private PrometheusFiles() {
	}

	public static Map<String, String> of(ScrapePlan plan, String homelab, Path rulesDir,
			ClusterMonitoringAccess.Credentials cluster, String vaultCaPem) {
		Map<String, String> files = new LinkedHashMap<>();
		files.put(DEFAULTS, "# written by homelab-rollout\nARGS=\"--web.listen-address=" + plan.self()
				+ " --storage.tsdb.retention.time=30d\"\n");
		files.put(in(PrometheusConfig.CONFIG), PrometheusConfig.render(plan, homelab));
		files.put(in(PrometheusConfig.NODE_TARGETS), PrometheusConfig.nodeTargets(plan.nodes()));
		ShippedFiles.read(rulesDir, ".rules.yml", PROPERTY)
			.forEach((name, content) -> files.put(in("rules/" + name), content));
		// the rules' unit tests go next to them (rule_files are relative), for promtool
		// test rules in the VM
		ShippedFiles.read(rulesDir, ".test.yml", PROPERTY)
			.forEach((name, content) -> files.put(in("rules/" + name), content));
		files.put(in(PrometheusConfig.TOKEN), cluster.token());
		files.put(in(PrometheusConfig.CLUSTER_CA), cluster.caPem());
		if (vaultCaPem != null) {
			files.put(in(PrometheusConfig.VAULT_CA), vaultCaPem);
		}
		return files;
	}

	/**
	 * The unit tests of the shipped rules as they lie in the VM, for
	 * {@code promtool test rules}.
	 */
	public static List<String> rulesTests(Path prometheusDir) {
		return ShippedFiles.read(prometheusDir.resolve("rules"), ".test.yml", PROPERTY)
			.keySet()
			.stream()
			.map(name -> in("rules/" + name))
			.toList();
	}

	/** The names of the alerts the shipped rules define. */
	public static Set<String> shippedAlerts(Path prometheusDir) {
		Set<String> names = new TreeSet<>();
		ShippedFiles.read(prometheusDir.resolve("rules"), ".rules.yml", PROPERTY)
			.values()
			.forEach(content -> content.lines()
				.map(String::strip)
				.filter(line -> line.startsWith("- alert:"))
				.forEach(line -> names.add(line.substring("- alert:".length()).strip())));
		return names;
	}

	/** The shipped dashboards of Grafana. */
	public static Map<String, String> dashboards(Path grafanaDir) {
		return ShippedFiles.read(grafanaDir.resolve("dashboards"), ".json", "rollout.monitoring.grafana-dir");
	}

	private static String in(String relative) {
		return PrometheusConfig.DIR + "/" + relative;
	}

}
