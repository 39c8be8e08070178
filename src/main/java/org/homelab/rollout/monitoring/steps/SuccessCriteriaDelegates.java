package org.homelab.rollout.monitoring.steps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.homelab.rollout.monitoring.GrafanaApi;
import org.homelab.rollout.monitoring.MonitoringClients;
import org.homelab.rollout.monitoring.MonitoringException;
import org.homelab.rollout.monitoring.MonitoringProperties;
import org.homelab.rollout.monitoring.PrometheusApi;
import org.homelab.rollout.monitoring.PrometheusFiles;
import org.homelab.rollout.monitoring.ScrapePlans;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Phase 1's success criteria of monitoring, checked against the live systems. They never throw for an unmet
 * criterion or an unreachable system: each sets {@code <key>Met} and a {@code <key>Result} a person can read.
 */
@Configuration(proxyBeanMethods = false)
class SuccessCriteriaDelegates {

	@Bean
	JavaDelegate checkPrometheusCollectingDelegate(MonitoringClients clients, ScrapePlans plans) {
		return criterion(MonitoringVariables.PROMETHEUS_COLLECTING, () -> prometheusCollecting(clients, plans));
	}

	@Bean
	JavaDelegate checkGrafanaOperationalDelegate(MonitoringClients clients, ScrapePlans plans,
			MonitoringProperties properties) {
		return criterion(MonitoringVariables.GRAFANA_OPERATIONAL, () -> grafanaOperational(clients, plans, properties));
	}

	@Bean
	JavaDelegate checkAlertingRulesDelegate(MonitoringClients clients, ScrapePlans plans,
			MonitoringProperties properties) {
		return criterion(MonitoringVariables.ALERTING_TESTED, () -> alertingTested(clients, plans, properties));
	}

	record Outcome(boolean met, String result) {
	}

	interface Check {

		Outcome run() throws IOException, InterruptedException;

	}

	static JavaDelegate criterion(String key, Check check) {
		return new CriterionDelegate(key, check);
	}

	/** Every inventory node (K3s, Proxmox, frontend) has a node-exporter target Prometheus scrapes up. */
	static Outcome prometheusCollecting(MonitoringClients clients, ScrapePlans plans) {
		PrometheusApi prometheus = clients.prometheus(plans.prometheusUrl(plans.plannedPrometheusAddress()));
		List<PrometheusApi.Target> targets = prometheus.activeTargets();
		List<String> report = new ArrayList<>();
		boolean all = true;
		for (String node : plans.inventoryNodes()) {
			PrometheusApi.Target target = targets.stream()
				.filter(t -> t.job().equals("node") && node.equals(t.labels().get("node")))
				.findFirst()
				.orElse(null);
			boolean up = target != null && target.up();
			all &= up;
			report.add(node + ": " + ((target == null) ? "NO TARGET" : up ? "up"
					: target.health().toUpperCase() + ((target.lastError().isEmpty()) ? "" : " (" + target.lastError()
							+ ")")));
		}
		return new Outcome(all, (all ? "All " : "Not all ") + report.size() + " nodes collected by "
				+ prometheus.base() + ": " + String.join("; ", report));
	}

	/** Grafana healthy, and every shipped dashboard provisioned (seen through /api/search). */
	static Outcome grafanaOperational(MonitoringClients clients, ScrapePlans plans, MonitoringProperties properties)
			throws IOException {
		GrafanaApi grafana = clients.grafana(plans.grafanaUrl());
		GrafanaApi.Health health = grafana.health();
		if (!health.healthy()) {
			return new Outcome(false, "Grafana at " + grafana.base() + " is not healthy: " + health.detail());
		}
		Set<String> expected = new TreeSet<>();
		ObjectMapper json = new ObjectMapper();
		for (String dashboard : PrometheusFiles.dashboards(properties.grafanaDir()).values()) {
			expected.add(json.readTree(dashboard).path("uid").asText());
		}
		Set<String> found = new TreeSet<>();
		dashboards(grafana, properties.grafanaTokenFile()).forEach(d -> found.add(d.uid()));
		Set<String> missing = new TreeSet<>(expected);
		missing.removeAll(found);
		return new Outcome(missing.isEmpty(), "Grafana at " + grafana.base() + " healthy (" + health.detail() + "); "
				+ (missing.isEmpty() ? "dashboards " + expected + " provisioned" : "missing dashboards " + missing
						+ " (found " + found + ")"));
	}

	/**
	 * With the engine's Viewer token (left by grafana-admin-to-vault); without one, or when Grafana no longer knows it
	 * (reinstalled), with a fresh install's default login, which works only until the password moved to Vault.
	 */
	static List<GrafanaApi.Dashboard> dashboards(GrafanaApi grafana, Path tokenFile) throws IOException {
		if (Files.isReadable(tokenFile)) {
			String token = GrafanaApi.bearer(Files.readString(tokenFile).strip());
			if (grafana.authenticates(token)) {
				return grafana.dashboards(token);
			}
		}
		return grafana.dashboards(GrafanaApi.basic("admin", "admin"));
	}

	/** The shipped rules are loaded by Prometheus without errors, and their unit tests pass under promtool. */
	static Outcome alertingTested(MonitoringClients clients, ScrapePlans plans, MonitoringProperties properties)
			throws IOException, InterruptedException {
		PrometheusApi prometheus = clients.prometheus(plans.prometheusUrl(plans.plannedPrometheusAddress()));
		List<PrometheusApi.AlertRule> rules = prometheus.alertingRules();
		Set<String> loaded = new TreeSet<>();
		List<String> broken = new ArrayList<>();
		for (PrometheusApi.AlertRule rule : rules) {
			loaded.add(rule.name());
			if ("err".equals(rule.health())) {
				broken.add(rule.name());
			}
		}
		Set<String> shipped = shippedAlerts(properties.prometheusDir().resolve("rules"));
		Set<String> missing = new TreeSet<>(shipped);
		missing.removeAll(loaded);
		String rulesReport = missing.isEmpty() && broken.isEmpty()
				? "Prometheus loaded all " + shipped.size() + " alerting rules " + shipped
				: "Prometheus lacks " + missing + (broken.isEmpty() ? "" : ", rules in error " + broken);
		Outcome tested = promtoolTest(properties.prometheusDir().resolve("rules"));
		return new Outcome(missing.isEmpty() && broken.isEmpty() && tested.met(), rulesReport + "; " + tested.result());
	}

	static Set<String> shippedAlerts(Path rules) throws IOException {
		Set<String> names = new TreeSet<>();
		try (var files = Files.list(rules)) {
			for (Path file : files.filter(f -> f.toString().endsWith(".rules.yml")).toList()) {
				Files.readAllLines(file).stream()
					.map(String::strip)
					.filter(line -> line.startsWith("- alert:"))
					.forEach(line -> names.add(line.substring("- alert:".length()).strip()));
			}
		}
		return names;
	}

	/** {@code promtool test rules} on the shipped unit tests: the rules fire and resolve as specified. */
	static Outcome promtoolTest(Path rules) throws IOException, InterruptedException {
		Path promtool = Path.of("/usr/bin/promtool");
		if (!Files.isExecutable(promtool)) {
			return new Outcome(false, "no promtool on the engine's host to test the rules (apt install prometheus)");
		}
		List<String> command = new ArrayList<>(List.of(promtool.toString(), "test", "rules"));
		try (var files = Files.list(rules)) {
			files.filter(f -> f.toString().endsWith(".test.yml")).sorted().forEach(f -> command.add(f.getFileName()
				.toString()));
		}
		Process process = new ProcessBuilder(command).directory(rules.toFile()).redirectErrorStream(true).start();
		String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			return new Outcome(false, "promtool test rules did not finish in 30 s");
		}
		return (process.exitValue() == 0)
				? new Outcome(true, "promtool test rules passed (" + (command.size() - 3) + " test file(s): alerts fire "
						+ "and resolve as specified)")
				: new Outcome(false, "promtool test rules failed: " + output.strip());
	}

	/** Sets {@code <key>Met} and {@code <key>Result}; a system that cannot be asked makes the criterion unmet. */
	static final class CriterionDelegate implements JavaDelegate {

		private final String key;

		private final Check check;

		CriterionDelegate(String key, Check check) {
			this.key = key;
			this.check = check;
		}

		@Override
		public void execute(DelegateExecution execution) throws InterruptedException {
			Outcome outcome;
			try {
				outcome = this.check.run();
			}
			catch (MonitoringException | IOException ex) {
				outcome = new Outcome(false, "Could not check: " + ex.getMessage());
			}
			execution.setVariable(MonitoringVariables.met(this.key), outcome.met());
			execution.setVariable(MonitoringVariables.result(this.key), abbreviate(outcome.result()));
		}

		/** A String variable holds at most 4000 characters. */
		private static String abbreviate(String text) {
			return (text.length() <= 3900) ? text : text.substring(0, 3900) + "…";
		}

	}

}
