package org.homelab.rollout.monitoring.steps;

import org.camunda.bpm.engine.delegate.VariableScope;
import org.homelab.rollout.criteria.Criterion;
import org.homelab.rollout.engine.RolloutRun;

/**
 * Process variable names of the monitoring processes, shared by delegates, models and
 * tests.
 */
public final class MonitoringVariables {

	/** In: the rollout run; defaults to the business key. */
	public static final String ROLLOUT_RUN = RolloutRun.VARIABLE;

	/**
	 * Out (k3s-monitoring-access), in (its removal): whether this run created
	 * Prometheus's access to K3s.
	 */
	public static final String ACCESS_CREATED = "monitoringAccessCreated";

	/** Out (prometheus-install): Prometheus's URL, e.g. http://192.168.1.21:9090. */
	public static final String PROMETHEUS_URL = "prometheusUrl";

	/**
	 * In (prometheus-update-targets, prometheus-install): true to scrape Phase 2's GitLab
	 * and runners, false to leave them out; unset keeps what the VM's prometheus.yml
	 * does.
	 */
	public static final String SCRAPE_GITLAB = "scrapeGitlab";

	/**
	 * Out (prometheus-update-targets, prometheus-install): whether the configuration now
	 * scrapes GitLab.
	 */
	public static final String GITLAB_SCRAPED = "gitlabScraped";

	/**
	 * In (prometheus-update-targets, prometheus-install): true to scrape Phase 3's Argo
	 * CD (its application controller) and the ansible VM's node exporter, false to leave
	 * them out; unset keeps what the VM's prometheus.yml does.
	 */
	public static final String SCRAPE_ARGOCD = "scrapeArgocd";

	/**
	 * Out (prometheus-update-targets, prometheus-install): whether the configuration now
	 * scrapes Argo CD and the ansible VM.
	 */
	public static final String ARGOCD_SCRAPED = "argocdScraped";

	/**
	 * In (prometheus-update-targets, prometheus-install): true to scrape Phase 4's
	 * Proxmox Backup Server (its exporter on the proxmox-backup VM), false to leave it
	 * out; unset keeps what the VM's prometheus.yml does.
	 */
	public static final String SCRAPE_BACKUP = "scrapeBackup";

	/**
	 * Out (prometheus-update-targets, prometheus-install): whether the configuration now
	 * scrapes Proxmox Backup Server.
	 */
	public static final String BACKUP_SCRAPED = "backupScraped";

	/**
	 * Out (grafana-install), in (grafana-uninstall): true if this run installed Grafana,
	 * false if it adopted it.
	 */
	public static final String GRAFANA_INSTALLED = "grafanaInstalled";

	/**
	 * Internal (grafana-install): whether Grafana's package is on the frontend server
	 * already.
	 */
	public static final String GRAFANA_PRESENT = "grafanaPresent";

	/** Out (grafana-install): Grafana's URL. */
	public static final String GRAFANA_URL = "grafanaUrl";

	/**
	 * Out (grafana-admin-to-vault): where the admin password lives in Vault (mount/path).
	 */
	public static final String GRAFANA_ADMIN_SECRET_PATH = "grafanaAdminSecretPath";

	/**
	 * Out (grafana-admin-to-vault): whether this run set a new admin password (false:
	 * Vault held one already).
	 */
	public static final String GRAFANA_ADMIN_RESET = "grafanaAdminReset";

	/**
	 * Set by findVmDelegate, which the monitoring models use to find their VM: whether it
	 * exists.
	 */
	public static final String VM_FOUND = "vmFound";

	/**
	 * In of the {@code proxmox-script} wait (run-script's), which the monitoring models
	 * reuse: the guest pid.
	 */
	public static final String SCRIPT_PID = "scriptPid";

	/**
	 * In of the {@code proxmox-script} wait: what runs, for its messages and learned
	 * durations.
	 */
	public static final String SCRIPT_NAME = "scriptName";

	/** Out of the {@code proxmox-script} wait: the tail of the program's stdout. */
	public static final String SCRIPT_OUTPUT = "scriptOutput";

	/**
	 * Internal (alerting-rules-check): why {@code promtool test rules} failed in the VM,
	 * from the wait's error.
	 */
	public static final String RULES_TEST_ERROR = "rulesTestError";

	/**
	 * Success criteria keys; each sets {@code <key>Met} (Boolean) and {@code <key>Result}
	 * (String).
	 */
	public static final String PROMETHEUS_COLLECTING = "prometheusCollecting";

	public static final String GRAFANA_OPERATIONAL = "grafanaOperational";

	public static final String ALERTING_TESTED = "alertingTested";

	/** The BPMN error of a monitoring step that retrying will not cure. */
	public static final String FAILED = "MONITORING_FAILED";

	private MonitoringVariables() {
	}

	/**
	 * Sets {@code <key>Met} and {@code <key>Result}; a String variable holds at most 4000
	 * characters.
	 */
	static void criterion(VariableScope execution, String key, Criterion criterion) {
		String result = criterion.result();
		execution.setVariable(met(key), criterion.met());
		execution.setVariable(result(key), (result.length() <= 3900) ? result : result.substring(0, 3900) + "…");
	}

	static String met(String key) {
		return key + "Met";
	}

	static String result(String key) {
		return key + "Result";
	}

}
