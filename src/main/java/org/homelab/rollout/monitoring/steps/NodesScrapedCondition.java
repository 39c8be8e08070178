package org.homelab.rollout.monitoring.steps;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import org.homelab.rollout.monitoring.MonitoringClients;
import org.homelab.rollout.monitoring.PrometheusApi;
import org.homelab.rollout.monitoring.ScrapePlans;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.WaitCondition;

import org.springframework.stereotype.Component;

/**
 * Topic {@code prometheus-nodes-scraped}: before the "collecting from all nodes" criterion is judged, Prometheus must
 * have scraped every node's target once (a fresh Prometheus scrapes every 15 s, so right after install they are all
 * "unknown"). Gives up waiting after {@link #PATIENCE} and lets the criterion report what it finds.
 */
@Component
class NodesScrapedCondition implements WaitCondition {

	static final Duration PATIENCE = Duration.ofMinutes(2);

	/** Asking Prometheus for its targets is cheap, and the first scrapes come within one scrape interval. */
	static final Duration LOOK_AGAIN = Duration.ofMillis(500);

	private final MonitoringClients clients;

	private final ScrapePlans plans;

	NodesScrapedCondition(MonitoringClients clients, ScrapePlans plans) {
		this.clients = clients;
		this.plans = plans;
	}

	@Override
	public String topic() {
		return "prometheus-nodes-scraped";
	}

	@Override
	public Check check(Map<String, Object> variables) {
		PrometheusApi prometheus = this.clients.prometheus(this.plans.prometheusUrl(this.plans.plannedPrometheusAddress()));
		List<PrometheusApi.Target> targets = prometheus.activeTargets();
		List<String> unscraped = this.plans.inventoryNodes()
			.stream()
			.filter(node -> targets.stream()
				.noneMatch(t -> t.job().equals("node") && node.equals(t.labels().get("node"))
						&& !"unknown".equals(t.health())))
			.toList();
		boolean patienceOver = variables.get(WAITING_SINCE) instanceof Date since
				&& since.toInstant().plus(PATIENCE).isBefore(Instant.now());
		return (unscraped.isEmpty() || patienceOver) ? Check.done(Map.of())
				: Check.waiting("Prometheus at " + prometheus.base() + " to scrape " + unscraped + " once", LOOK_AGAIN);
	}

}
