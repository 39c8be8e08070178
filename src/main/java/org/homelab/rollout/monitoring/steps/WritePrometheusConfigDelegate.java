package org.homelab.rollout.monitoring.steps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.monitoring.ClusterMonitoringAccess;
import org.homelab.rollout.monitoring.GitlabTargets;
import org.homelab.rollout.monitoring.MonitoringException;
import org.homelab.rollout.monitoring.MonitoringOperations;
import org.homelab.rollout.monitoring.MonitoringProperties;
import org.homelab.rollout.monitoring.PrometheusConfig;
import org.homelab.rollout.monitoring.PrometheusFiles;
import org.homelab.rollout.monitoring.ScrapePlan;
import org.homelab.rollout.monitoring.ScrapePlans;
import org.homelab.rollout.vault.VaultTarget;
import org.homelab.rollout.vault.VaultTargets;
import org.homelab.rollout.vault.VaultTlsIssuer;

import org.springframework.stereotype.Component;

/**
 * Generates prometheus.yml and the node targets from the inventory and the cluster's
 * nodes, and writes them with the shipped rules and their tests, the service account's
 * token and CA, and Vault's CA into /etc/prometheus through the guest agent. The token
 * goes from the Secret to the VM in memory; the process gets only {@code prometheusUrl},
 * {@code gitlabScraped}, {@code argocdScraped} and {@code backupScraped}. Phase 2's
 * GitLab targets are in when {@code scrapeGitlab} is true, out when false, and as the
 * VM's configuration has them when unset; likewise Phase 3's Argo CD and ansible VM with
 * {@code scrapeArgocd} and Phase 4's Proxmox Backup Server with {@code scrapeBackup}.
 */
@Component
class WritePrometheusConfigDelegate implements JavaDelegate {

	private final GuestAccess guests;

	private final MonitoringOperations monitoring;

	private final ScrapePlans plans;

	private final MonitoringProperties properties;

	private final Inventory inventory;

	private final VaultTargets vaults;

	private final VaultTlsIssuer issuer;

	WritePrometheusConfigDelegate(GuestAccess guests, MonitoringOperations monitoring, ScrapePlans plans,
			MonitoringProperties properties, Inventory inventory, VaultTargets vaults, VaultTlsIssuer issuer) {
		this.guests = guests;
		this.monitoring = monitoring;
		this.plans = plans;
		this.properties = properties;
		this.inventory = inventory;
		this.vaults = vaults;
		this.issuer = issuer;
	}

	@Override
	public void execute(DelegateExecution execution) {
		GuestAccess.Guest guest = this.guests.of(execution);
		String address = this.plans.plannedPrometheusAddress();
		if (address == null) {
			address = this.guests.address(guest);
		}
		ClusterMonitoringAccess cluster = this.monitoring.cluster();
		ClusterMonitoringAccess.Credentials credentials = cluster.credentials()
			.orElseThrow(() -> new BpmnError(MonitoringVariables.FAILED, "Secret " + cluster.secretName()
					+ " holds no service account token: run k3s-monitoring-access before prometheus-install."));
		VaultTarget vault = this.vaults.target(null, null);
		// Vault may still be installing in the other branch: trust the CA that will issue
		// its certificate
		String vaultCa = read((vault.caFile() != null) ? vault.caFile() : this.issuer.issuingCaCertificate());
		boolean gitlab = scrapeGitlab(execution, guest);
		boolean argocd = scrapeArgocd(execution, guest);
		boolean backup = keepOrAsk(execution, guest, MonitoringVariables.SCRAPE_BACKUP,
				PrometheusConfig::scrapesBackup);
		ScrapePlan plan = this.plans
			.plan(address, cluster.nodeAddresses(), cluster.apiServer(), vault.address(), vaultCa != null)
			.withGitlab(gitlab ? gitlabTargets() : null)
			.withGitops(argocd ? this.plans.gitops() : null)
			.withBackup(backup ? this.plans.backup() : null);
		this.guests.write(guest, PrometheusFiles.of(plan, this.inventory.network().dnsDomain(),
				this.properties.prometheusDir().resolve("rules"), credentials, vaultCa));
		execution.setVariable(MonitoringVariables.PROMETHEUS_URL, this.plans.prometheusUrl(address));
		execution.setVariable(MonitoringVariables.GITLAB_SCRAPED, gitlab);
		execution.setVariable(MonitoringVariables.ARGOCD_SCRAPED, argocd);
		execution.setVariable(MonitoringVariables.BACKUP_SCRAPED, backup);
	}

	/**
	 * The caller's choice, else what the configuration in the VM does: a re-run of Phase
	 * 1 or 2 keeps Phase 3's targets.
	 */
	private boolean scrapeArgocd(DelegateExecution execution, GuestAccess.Guest guest) {
		return keepOrAsk(execution, guest, MonitoringVariables.SCRAPE_ARGOCD, PrometheusConfig::scrapesArgocd);
	}

	/**
	 * The caller's choice in {@code flag}, else what the configuration in the VM does
	 * ({@code scrapes}): a re-run of an earlier phase keeps a later phase's targets.
	 */
	private boolean keepOrAsk(DelegateExecution execution, GuestAccess.Guest guest, String flag,
			java.util.function.Predicate<String> scrapes) {
		Object asked = execution.getVariable(flag);
		if (asked instanceof Boolean chosen) {
			return chosen;
		}
		if (asked != null) {
			throw new BpmnError(MonitoringVariables.FAILED, flag + " must be true or false, not '" + asked + "'");
		}
		return this.guests.read(guest, PrometheusConfig.DIR + "/" + PrometheusConfig.CONFIG)
			.map(scrapes::test)
			.orElse(false);
	}

	/**
	 * The caller's choice, else what the configuration in the VM does: a re-run of
	 * prometheus-install (Phase 1) keeps Phase 2's targets.
	 */
	private boolean scrapeGitlab(DelegateExecution execution, GuestAccess.Guest guest) {
		Object asked = execution.getVariable(MonitoringVariables.SCRAPE_GITLAB);
		if (asked instanceof Boolean flag) {
			return flag;
		}
		if (asked != null) {
			throw new BpmnError(MonitoringVariables.FAILED,
					MonitoringVariables.SCRAPE_GITLAB + " must be true or false, not '" + asked + "'");
		}
		// kept only while the inventory still plans GitLab's VM
		return this.plans.gitlabPlanned()
				&& this.guests.read(guest, PrometheusConfig.DIR + "/" + PrometheusConfig.CONFIG)
					.map(PrometheusConfig::scrapesGitlab)
					.orElse(false);
	}

	/** A missing GitLab VM in the inventory is the caller's to fix: no retry cures it. */
	private GitlabTargets gitlabTargets() {
		try {
			return this.plans.gitlab();
		}
		catch (MonitoringException ex) {
			throw new BpmnError(MonitoringVariables.FAILED, ex.getMessage());
		}
	}

	private static String read(Path caFile) {
		try {
			return Files.readString(caFile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read Vault's CA " + caFile + " (rollout.vault.ca-file)", ex);
		}
	}

}
