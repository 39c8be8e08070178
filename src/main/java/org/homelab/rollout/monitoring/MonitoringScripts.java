package org.homelab.rollout.monitoring;

import java.util.Collection;
import java.util.regex.Pattern;

/**
 * The scripts run in the VMs through {@code run-script}: plain sh, no compound commands,
 * safe to run again. They carry no secret: configuration and the cluster token are
 * written by the engine through the guest agent.
 */
public final class MonitoringScripts {

	/** The file in /etc/grafana naming the run that installed Grafana there. */
	public static final String GRAFANA_MARK = "/etc/grafana/homelab-rollout-run";

	private static final Pattern RUN = Pattern.compile("[A-Za-z0-9_.:-]+");

	private MonitoringScripts() {
	}

	/** The K3s service-account token Prometheus scrapes the cluster with. */
	public static final String TOKEN = "/etc/prometheus/k3s/token";

	/**
	 * Debian's prometheus package and the directories the engine writes into. The token
	 * file is made 0640 root:prometheus before the engine writes it: the guest agent's
	 * write truncates an existing file and keeps its mode, but creates a new one 0644,
	 * world-readable until prometheus-start.
	 */
	public static String prometheusInstall() {
		return """
				#!/bin/sh
				# written by homelab-rollout: Debian's Prometheus; its configuration is written by the engine
				set -eu
				apt-get -o DPkg::Lock::Timeout=600 update -q
				apt-get -o DPkg::Lock::Timeout=600 install -y -q --no-install-recommends prometheus
				mkdir -p /etc/prometheus/rules /etc/prometheus/k3s /etc/prometheus/targets
				touch %1$s
				chown root:prometheus %1$s
				chmod 0640 %1$s
				""".formatted(TOKEN);
	}

	/**
	 * Checks what the engine wrote, locks the token down, (re)starts and reloads
	 * Prometheus.
	 */
	public static String prometheusStart() {
		return """
				#!/bin/sh
				# written by homelab-rollout: check the configuration, then run Prometheus with it
				set -eu
				chown root:prometheus /etc/prometheus/k3s/token
				chmod 0640 /etc/prometheus/k3s/token
				promtool check config /etc/prometheus/prometheus.yml
				systemctl enable --now prometheus
				systemctl reload prometheus
				""";
	}

	/**
	 * Grafana from Grafana's apt repository unless it is there already (then only the
	 * provisioning directories), with a mark naming the run that installed it, so the
	 * uninstall removes only what that run made.
	 */
	public static String grafanaInstall(String run, boolean install) {
		StringBuilder script = new StringBuilder("""
				#!/bin/sh
				# written by homelab-rollout: Grafana on the frontend server
				set -eu
				""");
		if (install) {
			script
				.append("""
						mkdir -p /etc/apt/keyrings
						test -f /etc/apt/keyrings/grafana.asc || curl -fsSL -o /etc/apt/keyrings/grafana.asc https://apt.grafana.com/gpg.key
						echo "deb [signed-by=/etc/apt/keyrings/grafana.asc] https://apt.grafana.com stable main" > /etc/apt/sources.list.d/grafana.list
						apt-get -o DPkg::Lock::Timeout=600 update -q
						apt-get -o DPkg::Lock::Timeout=600 install -y -q grafana
						echo %s > %s
						"""
					.formatted(checkedRun(run), GRAFANA_MARK));
		}
		script.append("mkdir -p /etc/grafana/provisioning/datasources /etc/grafana/provisioning/dashboards "
				+ GrafanaProvisioning.DASHBOARDS + "\n");
		return script.toString();
	}

	/** Restarted, so Grafana reads the provisioning files again. */
	public static String grafanaStart() {
		return """
				#!/bin/sh
				# written by homelab-rollout: Grafana with the provisioned data source and dashboards
				set -eu
				systemctl daemon-reload
				systemctl enable --now grafana-server
				systemctl restart grafana-server
				""";
	}

	/**
	 * The rollback of grafana-install: the provisioning files this run wrote, and the
	 * package, its repository and the mark when this run installed Grafana; an adopted
	 * Grafana keeps running (restarted without the files).
	 */
	public static String grafanaUninstall(String run, boolean installedByRun, String datasource, String provider,
			Collection<String> dashboards) {
		StringBuilder script = new StringBuilder("""
				#!/bin/sh
				# written by homelab-rollout: removes what grafana-install added
				set -eu
				""");
		// only files this run wrote last (they name it); another run's provisioning stays
		String mark = "'" + GrafanaProvisioning.mark(checkedRun(run)) + "'";
		script.append("grep -q ")
			.append(mark)
			.append(' ')
			.append(datasource)
			.append(" && rm -f ")
			.append(datasource)
			.append(" || true\n");
		script.append("grep -q ")
			.append(mark)
			.append(' ')
			.append(provider)
			.append(" && rm -f ")
			.append(provider)
			.append(' ')
			.append(String.join(" ", dashboards))
			.append(" || true\n");
		if (installedByRun) {
			script.append("""
					systemctl disable --now grafana-server
					apt-get -o DPkg::Lock::Timeout=600 purge -y -q grafana
					rm -f /etc/apt/sources.list.d/grafana.list /etc/apt/keyrings/grafana.asc %s
					""".formatted(GRAFANA_MARK));
		}
		else {
			script.append("systemctl restart grafana-server\n");
		}
		return script.toString();
	}

	private static String checkedRun(String run) {
		if (run == null || !RUN.matcher(run).matches()) {
			throw new IllegalArgumentException("rollout run '" + run + "' must be letters, digits, . _ : - only");
		}
		return run;
	}

}
