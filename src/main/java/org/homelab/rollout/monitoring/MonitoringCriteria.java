package org.homelab.rollout.monitoring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.homelab.rollout.criteria.Criterion;

/**
 * Phase 1's success criteria of monitoring, checked against the live systems. None throws
 * for an unmet criterion or an unreachable system: each answers a {@link Criterion} a
 * person can read at the gate.
 */
public final class MonitoringCriteria {

	private final MonitoringOperations monitoring;

	private final ScrapePlans plans;

	private final MonitoringProperties properties;

	private final GrafanaViewerToken viewer;

	public MonitoringCriteria(MonitoringOperations monitoring, ScrapePlans plans, MonitoringProperties properties,
			GrafanaViewerToken viewer) {
		this.monitoring = monitoring;
		this.plans = plans;
		this.properties = properties;
		this.viewer = viewer;
	}

	/**
	 * Every inventory node (K3s, Proxmox, frontend) has a node-exporter target Prometheus
	 * scrapes up.
	 */
	public Criterion prometheusCollecting() {
		return checked(() -> {
			PrometheusOperations prometheus = prometheus();
			List<PrometheusOperations.Target> targets = prometheus.activeTargets();
			List<String> report = new ArrayList<>();
			boolean all = true;
			for (String node : this.plans.inventoryNodes()) {
				PrometheusOperations.Target target = targets.stream()
					.filter(t -> t.job().equals("node") && node.equals(t.labels().get("node")))
					.findFirst()
					.orElse(null);
				boolean up = target != null && target.up();
				all &= up;
				report.add(node + ": " + ((target == null) ? "NO TARGET" : up ? "up" : target.health().toUpperCase()
						+ (target.lastError().isEmpty() ? "" : " (" + target.lastError() + ")")));
			}
			return new Criterion(all, (all ? "All " : "Not all ") + report.size() + " nodes collected by "
					+ prometheus.base() + ": " + String.join("; ", report));
		});
	}

	/**
	 * Grafana healthy, and every shipped dashboard provisioned, as the engine's Viewer
	 * sees them. Only the Viewer token is used: no admin login, and no default password.
	 */
	public Criterion grafanaOperational() {
		return checked(() -> {
			GrafanaOperations grafana = this.monitoring.grafana(this.plans.grafanaUrl());
			GrafanaOperations.Health health = grafana.health();
			if (!health.healthy()) {
				return Criterion.unmet("Grafana at " + grafana.base() + " is not healthy: " + health.detail());
			}
			Optional<String> token = this.viewer.read();
			String again = "run grafana-admin-to-vault (it makes the token), or create a Viewer service account "
					+ "token in Grafana and write it to " + this.viewer.file() + " (mode 0600)";
			if (token.isEmpty()) {
				return Criterion.unmet("Grafana at " + grafana.base() + " healthy, but the engine has no Viewer token "
						+ "in " + this.viewer.file() + " to see its dashboards: " + again + ".");
			}
			String authorization = GrafanaApi.bearer(token.get());
			if (!grafana.authenticates(authorization)) {
				return Criterion.unmet("Grafana at " + grafana.base() + " refuses the engine's Viewer token in "
						+ this.viewer.file() + " (Grafana reinstalled, or the token revoked): " + again + ".");
			}
			Set<String> expected = shippedDashboards();
			Set<String> found = new TreeSet<>();
			grafana.dashboards(authorization).forEach(d -> found.add(d.uid()));
			Set<String> missing = new TreeSet<>(expected);
			missing.removeAll(found);
			return new Criterion(missing.isEmpty(),
					"Grafana at " + grafana.base() + " healthy (" + health.detail() + "); "
							+ (missing.isEmpty() ? "dashboards " + expected + " provisioned"
									: "missing dashboards " + missing + " (found " + found + ")"));
		});
	}

	/**
	 * The shipped rules are loaded by Prometheus without errors, and their unit tests
	 * passed under promtool in the Prometheus VM ({@code rulesTest}: what
	 * {@code promtool test rules} there reported).
	 */
	public Criterion alertingTested(Criterion rulesTest) {
		return checked(() -> {
			Set<String> loaded = new TreeSet<>();
			List<String> broken = new ArrayList<>();
			for (PrometheusOperations.AlertRule rule : prometheus().alertingRules()) {
				loaded.add(rule.name());
				if ("err".equals(rule.health())) {
					broken.add(rule.name());
				}
			}
			Set<String> shipped = PrometheusFiles.shippedAlerts(this.properties.prometheusDir());
			Set<String> missing = new TreeSet<>(shipped);
			missing.removeAll(loaded);
			Criterion rules = (missing.isEmpty() && broken.isEmpty())
					? Criterion.met("Prometheus loaded all " + shipped.size() + " alerting rules " + shipped)
					: Criterion
						.unmet("Prometheus lacks " + missing + (broken.isEmpty() ? "" : ", rules in error " + broken));
			return rules.and(rulesTest);
		});
	}

	private PrometheusOperations prometheus() {
		return this.monitoring.prometheus(this.plans.prometheusUrl(this.plans.plannedPrometheusAddress()));
	}

	private Set<String> shippedDashboards() {
		Set<String> uids = new TreeSet<>();
		ObjectMapper json = MonitoringHttp.JSON;
		for (String dashboard : PrometheusFiles.dashboards(this.properties.grafanaDir()).values()) {
			try {
				uids.add(json.readTree(dashboard).path("uid").asText());
			}
			catch (IOException ex) {
				throw new MonitoringException(
						"A shipped dashboard under " + this.properties.grafanaDir() + " is no JSON: " + ex.getMessage(),
						ex);
			}
		}
		return uids;
	}

	/** A system that cannot be asked makes the criterion unmet, saying why. */
	private static Criterion checked(java.util.function.Supplier<Criterion> check) {
		try {
			return check.get();
		}
		catch (MonitoringException | UncheckedIOException ex) {
			return Criterion.unmet("Could not check: " + ex.getMessage());
		}
	}

}
