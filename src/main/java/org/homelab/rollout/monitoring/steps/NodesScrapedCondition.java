package org.homelab.rollout.monitoring.steps;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.homelab.rollout.monitoring.MonitoringClients;
import org.homelab.rollout.monitoring.PrometheusApi;
import org.homelab.rollout.monitoring.ScrapePlans;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.TypicalDurations;
import org.homelab.rollout.waiting.WaitCondition;

import org.springframework.stereotype.Component;

/**
 * Topic {@code prometheus-nodes-scraped}: before the "collecting from all nodes" criterion is judged, Prometheus must
 * have scraped every node's target once (a fresh Prometheus hands its targets to the scrape loops after ~5 s, then
 * scrapes each within one interval, so right after install they are all "unknown"). Looks again when such a wait
 * typically ends on this engine, else every {@link #LOOK_AGAIN}. Gives up waiting after {@link #PATIENCE} and lets the
 * criterion report what it finds.
 */
@Component
class NodesScrapedCondition implements WaitCondition {

	static final Duration PATIENCE = Duration.ofMinutes(2);

	/** Asking Prometheus for its targets is cheap, and the first scrapes come within one scrape interval. */
	static final Duration LOOK_AGAIN = Duration.ofMillis(500);

	static final String KIND = "prometheus first scrape of every node";

	private final MonitoringClients clients;

	private final ScrapePlans plans;

	private final TypicalDurations typical;

	NodesScrapedCondition(MonitoringClients clients, ScrapePlans plans, TypicalDurations typical) {
		this.clients = clients;
		this.plans = plans;
		this.typical = typical;
	}

	@Override
	public String topic() {
		return "prometheus-nodes-scraped";
	}

	@Override
	public Check check(Map<String, Object> variables) {
		Duration elapsed = WaitCondition.elapsed(variables);
		PrometheusApi prometheus = this.clients.prometheus(this.plans.prometheusUrl(this.plans.plannedPrometheusAddress()));
		List<PrometheusApi.Target> targets = prometheus.activeTargets();
		List<String> unscraped = this.plans.inventoryNodes()
			.stream()
			.filter(node -> targets.stream()
				.noneMatch(t -> t.job().equals("node") && node.equals(t.labels().get("node"))
						&& !"unknown".equals(t.health())))
			.toList();
		String wait = prometheus.base() + " since " + WaitCondition.since(variables);
		if (unscraped.isEmpty()) {
			this.typical.over(KIND, wait, elapsed);
			return Check.done(Map.of());
		}
		if (elapsed.compareTo(PATIENCE) > 0) {
			this.typical.forget(wait);
			return Check.done(Map.of());
		}
		this.typical.unmet(wait, elapsed);
		return Check.waiting("Prometheus at " + prometheus.base() + " to scrape " + unscraped + " once",
				this.typical.lookAgainIn(KIND, elapsed).orElse(LOOK_AGAIN));
	}

}
