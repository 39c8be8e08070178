package org.homelab.rollout.monitoring.steps;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.homelab.rollout.monitoring.MonitoringOperations;
import org.homelab.rollout.monitoring.PrometheusOperations;
import org.homelab.rollout.monitoring.ScrapePlans;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;

import org.springframework.stereotype.Component;

/**
 * Topic {@code prometheus-nodes-scraped}: before the "collecting from all nodes"
 * criterion is judged, Prometheus must have scraped every node's target once (a fresh
 * Prometheus hands its targets to the scrape loops after ~5 s, then scrapes each within
 * one interval, so right after install they are all "unknown"). How long to be patient is
 * the model's (a timer on the wait), so the criterion reports what it finds if a node is
 * never scraped.
 */
@Component
class NodesScrapedWait implements WaitCondition {

	private final MonitoringOperations monitoring;

	private final ScrapePlans plans;

	NodesScrapedWait(MonitoringOperations monitoring, ScrapePlans plans) {
		this.monitoring = monitoring;
		this.plans = plans;
	}

	@Override
	public String topic() {
		return "prometheus-nodes-scraped";
	}

	@Override
	public Set<String> variables() {
		return Set.of();
	}

	@Override
	public Check check(Look look) {
		PrometheusOperations prometheus = this.monitoring
			.prometheus(this.plans.prometheusUrl(this.plans.plannedPrometheusAddress()));
		List<PrometheusOperations.Target> targets = prometheus.activeTargets();
		List<String> unscraped = this.plans.inventoryNodes()
			.stream()
			.filter(node -> targets.stream()
				.noneMatch(t -> t.job().equals("node") && node.equals(t.labels().get("node"))
						&& !"unknown".equals(t.health())))
			.toList();
		return unscraped.isEmpty() ? Check.done(Map.of())
				: Check.waiting("Prometheus at " + prometheus.base() + " to scrape " + unscraped + " once");
	}

}
