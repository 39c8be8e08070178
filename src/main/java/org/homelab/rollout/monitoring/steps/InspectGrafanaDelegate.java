package org.homelab.rollout.monitoring.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.engine.RolloutRun;
import org.homelab.rollout.monitoring.MonitoringScripts;

import org.springframework.stereotype.Component;

/**
 * Reads /etc/grafana in the frontend server: {@code grafanaPresent} whether the package
 * is there, and {@code grafanaInstalled} true when this run installs it now or did before
 * (its mark names this run).
 */
@Component
class InspectGrafanaDelegate implements JavaDelegate {

	static final String INI = "/etc/grafana/grafana.ini";

	private final GuestAccess guests;

	InspectGrafanaDelegate(GuestAccess guests) {
		this.guests = guests;
	}

	@Override
	public void execute(DelegateExecution execution) {
		GuestAccess.Guest guest = this.guests.of(execution);
		String run = RolloutRun.of(execution);
		boolean present = this.guests.read(guest, INI).isPresent();
		boolean ours = this.guests.read(guest, MonitoringScripts.GRAFANA_MARK)
			.map(String::strip)
			.filter(run::equals)
			.isPresent();
		execution.setVariable(MonitoringVariables.ROLLOUT_RUN, run);
		execution.setVariable(MonitoringVariables.GRAFANA_PRESENT, present);
		execution.setVariable(MonitoringVariables.GRAFANA_INSTALLED, !present || ours);
	}

}
