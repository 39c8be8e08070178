package org.homelab.rollout.monitoring.steps;

import java.util.Map;
import java.util.Set;

import org.homelab.rollout.monitoring.MonitoringOperations;
import org.homelab.rollout.monitoring.PrometheusOperations;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;

import org.springframework.stereotype.Component;

/**
 * Topic {@code prometheus-ready}: until Prometheus at {@code prometheusUrl} answers
 * /-/ready with 200.
 */
@Component
class PrometheusReadyWait implements WaitCondition {

	private final MonitoringOperations monitoring;

	PrometheusReadyWait(MonitoringOperations monitoring) {
		this.monitoring = monitoring;
	}

	@Override
	public String topic() {
		return "prometheus-ready";
	}

	@Override
	public Set<String> variables() {
		return Set.of(MonitoringVariables.PROMETHEUS_URL);
	}

	@Override
	public Check check(Look look) {
		String url = look.required(MonitoringVariables.PROMETHEUS_URL, String.class);
		PrometheusOperations.Readiness ready = this.monitoring.prometheus(url).ready();
		return ready.ready() ? Check.done(Map.of())
				: Check.waiting("Prometheus at " + url + "/-/ready to answer 200 (" + ready.detail() + ")");
	}

	@Override
	public String overdue(Look look) {
		String url = look.required(MonitoringVariables.PROMETHEUS_URL, String.class);
		return "On the Prometheus VM: 'systemctl status prometheus' and 'journalctl -u prometheus' (a configuration "
				+ "or storage error stops it; 'promtool check config /etc/prometheus/prometheus.yml'), and 'ip -4 "
				+ "addr': it must listen at the address of " + url + " (the inventory's address for the VM).";
	}

}
