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

	private final Credentials credentials;

	private final Phase3Looks phase3;

	private final Phase4Looks phase4;

	/**
	 * Whether a credential exists in Vault at {@code services/<path>} (metadata only,
	 * never its value); throws when Vault cannot be asked.
	 */
	@FunctionalInterface
	public interface Credentials {

		boolean exists(String path);

	}

	public MatrixObservation(MonitoringOperations monitoring, ScrapePlans plans, GrafanaViewerToken viewer,
			Credentials credentials) {
		this(monitoring, plans, viewer, credentials, null, null);
	}

	/**
	 * @param phase3 the looks Phase 3's cells need (Argo CD, GitLab's pipelines, the
	 * ansible VM); null: not asked, those cells unmet saying so
	 */
	public MatrixObservation(MonitoringOperations monitoring, ScrapePlans plans, GrafanaViewerToken viewer,
			Credentials credentials, Phase3Looks phase3) {
		this(monitoring, plans, viewer, credentials, phase3, null);
	}

	/**
	 * @param phase4 the look Phase 4's cells need (the backups on the PBS storage); null:
	 * not asked, those cells unmet saying so
	 */
	public MatrixObservation(MonitoringOperations monitoring, ScrapePlans plans, GrafanaViewerToken viewer,
			Credentials credentials, Phase3Looks phase3, Phase4Looks phase4) {
		this.monitoring = monitoring;
		this.plans = plans;
		this.viewer = viewer;
		this.credentials = credentials;
		this.phase3 = phase3;
		this.phase4 = phase4;
	}

	/** What Phase 1's cells need. */
	public MatrixCheck.Observed observe() {
		return observe(1);
	}

	/**
	 * What the cells real by {@code phase} need: from Phase 2 also Vault (do the
	 * services' credentials exist: from Phase 3 Argo CD's and Ansible's too) and the
	 * runners' requests to GitLab; Phase 3's Argo CD and ansible VM targets come with
	 * Prometheus's targets.
	 */
	public MatrixCheck.Observed observe(int phase) {
		return observe(phase, null);
	}

	/**
	 * As {@link #observe(int)}; from Phase 3 also Argo CD (at {@code argocdUrl}, null for
	 * the configured address), the gitops and ansible projects' newest pipelines and the
	 * ansible VM's clone and log ({@link Phase3Looks}).
	 */
	public MatrixCheck.Observed observe(int phase, String argocdUrl) {
		MatrixCheck.Observed seen = observeMonitoring();
		if (phase < 2) {
			return seen;
		}
		java.util.Map<String, Boolean> secrets = new java.util.TreeMap<>();
		String vaultProblem = null;
		try {
			for (java.util.Map.Entry<Service, java.util.List<String>> entry : MatrixCheck.CREDENTIALS.entrySet()) {
				// only the services the phases so far bring
				if (entry.getKey().phase() > phase) {
					continue;
				}
				for (String path : entry.getValue()) {
					secrets.put(path, this.credentials.exists(path));
				}
			}
		}
		catch (RuntimeException ex) {
			secrets = null;
			vaultProblem = ex.getMessage();
		}
		java.util.Map<String, Double> runners = null;
		String prometheusProblem = seen.prometheusProblem();
		if (seen.targets() != null) {
			PrometheusOperations prometheus = prometheus();
			try {
				runners = new java.util.TreeMap<>();
				for (PrometheusOperations.Sample sample : prometheus.query(MatrixCheck.RUNNER_REQUESTS)) {
					runners.put(sample.labels().getOrDefault("runner", "?"), sample.value());
				}
			}
			catch (MonitoringException | java.io.UncheckedIOException ex) {
				runners = null;
				prometheusProblem = prometheus.base() + ": " + ex.getMessage();
			}
		}
		Phase3Observed phase3 = (phase >= 3 && this.phase3 != null) ? this.phase3.observe(argocdUrl) : null;
		Phase4Observed phase4 = (phase >= 4 && this.phase4 != null) ? this.phase4.observe() : null;
		return new MatrixCheck.Observed(seen.targets(), seen.alertRules(), prometheusProblem, seen.dashboards(),
				seen.grafanaProblem(), secrets, vaultProblem, runners, phase3, phase4);
	}

	private PrometheusOperations prometheus() {
		return this.monitoring.prometheus(this.plans.prometheusUrl(this.plans.plannedPrometheusAddress()));
	}

	private MatrixCheck.Observed observeMonitoring() {
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
