package org.homelab.rollout.monitoring.steps;

import java.util.Map;
import java.util.Set;

import org.homelab.rollout.monitoring.GrafanaOperations;
import org.homelab.rollout.monitoring.MonitoringOperations;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;

import org.springframework.stereotype.Component;

/**
 * Topic {@code grafana-health}: until Grafana at {@code grafanaUrl} answers /api/health
 * with database ok.
 */
@Component
class GrafanaHealthWait implements WaitCondition {

	private final MonitoringOperations monitoring;

	GrafanaHealthWait(MonitoringOperations monitoring) {
		this.monitoring = monitoring;
	}

	@Override
	public String topic() {
		return "grafana-health";
	}

	@Override
	public Set<String> variables() {
		return Set.of(MonitoringVariables.GRAFANA_URL);
	}

	@Override
	public Check check(Look look) {
		String url = look.required(MonitoringVariables.GRAFANA_URL, String.class);
		GrafanaOperations.Health health = this.monitoring.grafana(url).health();
		return health.healthy() ? Check.done(Map.of()) : Check
			.waiting("Grafana at " + url + "/api/health to answer with database ok (" + health.detail() + ")");
	}

	@Override
	public String overdue(Look look) {
		return "On the frontend server: 'systemctl status grafana-server' and 'journalctl -u grafana-server' "
				+ "(provisioning files it cannot read stop it), and that it listens where "
				+ look.required(MonitoringVariables.GRAFANA_URL, String.class) + " points.";
	}

}
