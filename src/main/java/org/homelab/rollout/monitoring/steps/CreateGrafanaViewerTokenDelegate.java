package org.homelab.rollout.monitoring.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.monitoring.GrafanaApi;
import org.homelab.rollout.monitoring.GrafanaOperations;
import org.homelab.rollout.monitoring.GrafanaViewerToken;
import org.homelab.rollout.monitoring.MonitoringException;
import org.homelab.rollout.monitoring.MonitoringOperations;
import org.homelab.rollout.monitoring.ScrapePlans;

import org.springframework.stereotype.Component;

/**
 * grafana-admin-to-vault, after grafana cli set the password: reads it from the hand-over
 * file in the frontend server (see {@link GrafanaAdminPassword} for why there), verifies
 * Grafana takes it, makes the engine's Viewer token (0600 file, for the success
 * criteria), and blanks the hand-over. The password lives in this job's memory only.
 */
@Component
class CreateGrafanaViewerTokenDelegate implements JavaDelegate {

	private final GuestAccess guests;

	private final MonitoringOperations monitoring;

	private final ScrapePlans plans;

	private final GrafanaViewerToken viewer;

	CreateGrafanaViewerTokenDelegate(GuestAccess guests, MonitoringOperations monitoring, ScrapePlans plans,
			GrafanaViewerToken viewer) {
		this.guests = guests;
		this.monitoring = monitoring;
		this.plans = plans;
		this.viewer = viewer;
	}

	@Override
	public void execute(DelegateExecution execution) {
		GuestAccess.Guest guest = this.guests.of(execution);
		String password = guest.agent().fileRead(guest.vmid(), GrafanaAdminPassword.HANDOVER).strip();
		GrafanaOperations grafana = this.monitoring.grafana(this.plans.grafanaUrl());
		boolean tokenWorks = this.viewer.read().map(GrafanaApi::bearer).filter(grafana::authenticates).isPresent();
		// a retry after the token was made and the hand-over blanked: done already
		if (password.isEmpty() && tokenWorks) {
			return;
		}
		String admin = GrafanaApi.basic("admin", password);
		if (password.isEmpty() || !grafana.authenticates(admin)) {
			throw new MonitoringException("Grafana at " + grafana.base() + " refuses the admin password grafana cli "
					+ "has just set in VM " + guest.vmid() + " (" + guest.name() + "): is that server's Grafana the "
					+ "one at this address? Fix it, delete the secret "
					+ execution.getVariable(MonitoringVariables.GRAFANA_ADMIN_SECRET_PATH)
					+ " in Vault and run grafana-admin-to-vault " + "again: it sets a new password.");
		}
		// a retry after the token was made but before the hand-over was blanked keeps
		// that
		// token rather than making a second one
		if (!tokenWorks) {
			this.viewer.store(grafana.viewerToken(admin, GrafanaViewerToken.ACCOUNT,
					GrafanaViewerToken.ACCOUNT + "-" + System.currentTimeMillis()));
		}
		guest.agent().fileWrite(guest.vmid(), GrafanaAdminPassword.HANDOVER, "");
	}

}
