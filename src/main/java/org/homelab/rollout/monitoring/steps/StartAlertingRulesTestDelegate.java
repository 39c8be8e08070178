package org.homelab.rollout.monitoring.steps;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.monitoring.MonitoringProperties;
import org.homelab.rollout.monitoring.PrometheusFiles;

import org.springframework.stereotype.Component;

/**
 * Starts {@code promtool test rules} on the shipped rule tests in the Prometheus VM,
 * where Debian's prometheus package brought promtool and prometheus-install wrote the
 * rules and tests; the {@code proxmox-script} wait awaits it.
 */
@Component
class StartAlertingRulesTestDelegate implements JavaDelegate {

	static final String NAME = "promtool-test-rules";

	private final GuestAccess guests;

	private final MonitoringProperties properties;

	StartAlertingRulesTestDelegate(GuestAccess guests, MonitoringProperties properties) {
		this.guests = guests;
		this.properties = properties;
	}

	@Override
	public void execute(DelegateExecution execution) {
		GuestAccess.Guest guest = this.guests.of(execution);
		List<String> command = new ArrayList<>(List.of("promtool", "test", "rules"));
		command.addAll(PrometheusFiles.rulesTests(this.properties.prometheusDir()));
		execution.setVariable(MonitoringVariables.SCRIPT_PID, guest.agent().exec(guest.vmid(), command, null));
		execution.setVariable(MonitoringVariables.SCRIPT_NAME, NAME);
	}

}
