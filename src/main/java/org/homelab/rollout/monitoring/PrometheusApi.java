package org.homelab.rollout.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.OkHttpClient;

/** The Prometheus HTTP API of one server (http://host:9090), as far as the rollout reads it. */
public final class PrometheusApi {

	private final MonitoringHttp http;

	private final String base;

	public PrometheusApi(OkHttpClient http, String base) {
		this.http = new MonitoringHttp(http, "Prometheus");
		this.base = base.replaceAll("/$", "");
	}

	public String base() {
		return this.base;
	}

	/** Whether {@code /-/ready} answers 200; a server not listening yet is "not ready", not a failure. */
	public Readiness ready() {
		try {
			MonitoringHttp.Answer answer = this.http.get(this.base + "/-/ready", null);
			return new Readiness(answer.status() == 200, "HTTP " + answer.status() + " " + answer.body().strip());
		}
		catch (MonitoringHttp.Unreachable ex) {
			return new Readiness(false, ex.getMessage());
		}
	}

	/** @see "GET /api/v1/targets?state=active" */
	public List<Target> activeTargets() {
		JsonNode data = this.http.get(this.base + "/api/v1/targets?state=active", null).expectOk().path("data");
		List<Target> targets = new ArrayList<>();
		for (JsonNode target : data.path("activeTargets")) {
			Map<String, String> labels = new TreeMap<>();
			target.path("labels").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
			targets.add(new Target(labels.getOrDefault("job", target.path("scrapePool").asText()),
					labels.getOrDefault("instance", ""), labels, target.path("health").asText(),
					target.path("lastError").asText("")));
		}
		return targets;
	}

	/** @see "GET /api/v1/rules?type=alert" */
	public List<AlertRule> alertingRules() {
		JsonNode data = this.http.get(this.base + "/api/v1/rules?type=alert", null).expectOk().path("data");
		List<AlertRule> rules = new ArrayList<>();
		for (JsonNode group : data.path("groups")) {
			for (JsonNode rule : group.path("rules")) {
				rules.add(new AlertRule(group.path("name").asText(), rule.path("name").asText(),
						rule.path("state").asText(), rule.path("health").asText(), rule.path("alerts").size()));
			}
		}
		return rules;
	}

	public record Readiness(boolean ready, String detail) {
	}

	/** One scrape target: {@code health} is up, down or unknown (not scraped yet). */
	public record Target(String job, String instance, Map<String, String> labels, String health, String lastError) {

		public boolean up() {
			return "up".equals(this.health);
		}

	}

	/** One alerting rule as loaded: state inactive, pending or firing; health ok, err or unknown. */
	public record AlertRule(String group, String name, String state, String health, int activeAlerts) {
	}

}
