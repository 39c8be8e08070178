package org.homelab.rollout.monitoring.steps;

import java.util.Map;

import org.homelab.rollout.monitoring.GrafanaOperations;
import org.homelab.rollout.monitoring.MonitoringOperations;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.WaitCondition;
import org.springframework.stereotype.Component;

/** Topic {@code grafana-health}: until Grafana at {@code grafanaUrl} answers /api/health with database ok. */
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
	public Check check(Map<String, Object> variables) {
		String url = (String) variables.get(MonitoringVariables.GRAFANA_URL);
		GrafanaOperations.Health health = this.monitoring.grafana(url).health();
		return health.healthy() ? Check.done(Map.of())
				: Check.waiting("Grafana at " + url + "/api/health to answer with database ok (" + health.detail()
						+ ")");
	}

}
