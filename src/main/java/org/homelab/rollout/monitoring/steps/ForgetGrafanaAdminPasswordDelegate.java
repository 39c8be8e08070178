package org.homelab.rollout.monitoring.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

/**
 * grafana-admin-to-vault, when grafana cli failed: the password this run stored in Vault
 * was not taken by Grafana, so it goes (with the hand-over file), and the retry generates
 * a new one instead of finding a wrong one in Vault.
 */
@Component
class ForgetGrafanaAdminPasswordDelegate implements JavaDelegate {

	private final GuestAccess guests;

	private final GrafanaAdminPassword password;

	ForgetGrafanaAdminPasswordDelegate(GuestAccess guests, GrafanaAdminPassword password) {
		this.guests = guests;
		this.password = password;
	}

	@Override
	public void execute(DelegateExecution execution) {
		GuestAccess.Guest guest = this.guests.of(execution);
		guest.agent().fileWrite(guest.vmid(), GrafanaAdminPassword.HANDOVER, "");
		this.password.forget();
	}

}
