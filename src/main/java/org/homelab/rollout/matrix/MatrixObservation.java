package org.homelab.rollout.matrix;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.homelab.rollout.monitoring.GrafanaApi;
import org.homelab.rollout.monitoring.GrafanaOperations;
import org.homelab.rollout.monitoring.GrafanaViewerToken;
import org.homelab.rollout.monitoring.MonitoringException;
import org.homelab.rollout.monitoring.MonitoringOperations;
import org.homelab.rollout.monitoring.PrometheusOperations;
import org.homelab.rollout.monitoring.ScrapePlans;

/**
 * Asks the live systems what {@link MatrixCheck} needs: Prometheus's targets and alerting
 * rules, and the dashboards Grafana shows the engine's Viewer (the token is read for the
 * call and never kept). A system that cannot be asked makes its cells unmet, saying why.
 */
public final class MatrixObservation {

	private final MonitoringOperations monitoring;

	private final ScrapePlans plans;

	private final GrafanaViewerToken viewer;

	public MatrixObservation(MonitoringOperations monitoring, ScrapePlans plans, GrafanaViewerToken viewer) {
		this.monitoring = monitoring;
		this.plans = plans;
		this.viewer = viewer;
	}

	public MatrixCheck.Observed observe() {
		PrometheusOperations prometheus = this.monitoring
			.prometheus(this.plans.prometheusUrl(this.plans.plannedPrometheusAddress()));
		java.util.List<PrometheusOperations.Target> targets = null;
		java.util.List<PrometheusOperations.AlertRule> rules = java.util.List.of();
		String prometheusProblem = null;
		try {
			targets = prometheus.activeTargets();
			rules = prometheus.alertingRules();
		}
		catch (MonitoringException | java.io.UncheckedIOException ex) {
			targets = null;
			prometheusProblem = prometheus.base() + ": " + ex.getMessage();
		}
		Set<String> dashboards = null;
		String grafanaProblem = null;
		GrafanaOperations grafana = this.monitoring.grafana(this.plans.grafanaUrl());
		try {
			Optional<String> token = this.viewer.read();
			if (token.isEmpty()) {
				grafanaProblem = "the engine has no Viewer token in " + this.viewer.file();
			}
			else {
				dashboards = new TreeSet<>();
				for (GrafanaOperations.Dashboard dashboard : grafana.dashboards(GrafanaApi.bearer(token.get()))) {
					dashboards.add(dashboard.uid());
				}
			}
		}
		catch (MonitoringException | java.io.UncheckedIOException ex) {
			dashboards = null;
			grafanaProblem = grafana.base() + ": " + ex.getMessage();
		}
		return new MatrixCheck.Observed(targets, rules, prometheusProblem, dashboards, grafanaProblem);
	}

}
