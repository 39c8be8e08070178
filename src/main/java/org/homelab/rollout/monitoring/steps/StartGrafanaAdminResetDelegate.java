package org.homelab.rollout.monitoring.steps;

import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.vault.SecretGenerator;
import org.homelab.rollout.vault.SecretKind;

import org.springframework.stereotype.Component;

/**
 * grafana-admin-to-vault, first step. If Vault holds Grafana's admin password already,
 * nothing to do ({@code grafanaAdminReset} false: a re-run never rotates it), unless an
 * earlier run stopped before verifying it. Else a new password goes, within this one job,
 * to the frontend server (the hand-over file, and as stdin of
 * {@code grafana cli admin reset-admin-password}, whose pid the {@code proxmox-script}
 * wait awaits) and into Vault. Vault is written last: if anything before fails, the retry
 * finds no secret and starts over with a new password, so Vault never holds one Grafana
 * was not given.
 */
@Component
class StartGrafanaAdminResetDelegate implements JavaDelegate {

	static final String NAME = "grafana-admin-password";

	private final GuestAccess guests;

	private final GrafanaAdminPassword password;

	private final SecretGenerator generator;

	StartGrafanaAdminResetDelegate(GuestAccess guests, GrafanaAdminPassword password, SecretGenerator generator) {
		this.guests = guests;
		this.password = password;
		this.generator = generator;
	}

	@Override
	public void execute(DelegateExecution execution) {
		execution.setVariable(MonitoringVariables.GRAFANA_ADMIN_SECRET_PATH, this.password.reference().toString());
		GuestAccess.Guest guest = this.guests.of(execution);
		boolean unfinished = !this.guests.read(guest, GrafanaAdminPassword.HANDOVER).orElse("").isBlank();
		if (this.password.inVault()) {
			if (!unfinished) {
				execution.setVariable(MonitoringVariables.GRAFANA_ADMIN_RESET, false);
				return;
			}
			// an earlier run stopped between setting a password and verifying it (its
			// hand-over is still there):
			// Vault's copy may not be the one Grafana took, so it is replaced, never
			// trusted
			this.password.forget();
		}
		String secret = this.generator.generate(SecretKind.PASSWORD);
		guest.agent().fileWrite(guest.vmid(), GrafanaAdminPassword.HANDOVER, secret);
		int pid = guest.agent()
			.exec(guest.vmid(), List.of("grafana", "cli", "admin", "reset-admin-password", "--password-from-stdin"),
					secret + "\n");
		this.password.store(secret);
		execution.setVariable(MonitoringVariables.SCRIPT_PID, pid);
		execution.setVariable(MonitoringVariables.SCRIPT_NAME, NAME);
		execution.setVariable(MonitoringVariables.GRAFANA_ADMIN_RESET, true);
	}

}
