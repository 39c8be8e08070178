package org.homelab.rollout.monitoring;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.JsonNode;
import okhttp3.OkHttpClient;

/** {@link PrometheusOperations} over OkHttp. */
public final class PrometheusApi implements PrometheusOperations {

	private final MonitoringHttp http;

	private final String base;

	public PrometheusApi(OkHttpClient http, String base) {
		this.http = new MonitoringHttp(http, "Prometheus");
		this.base = base.replaceAll("/$", "");
	}

	@Override
	public String base() {
		return this.base;
	}

	@Override
	public Readiness ready() {
		try {
			MonitoringHttp.Answer answer = this.http.get(this.base + "/-/ready", null);
			return new Readiness(answer.status() == 200, "HTTP " + answer.status() + " " + answer.body().strip());
		}
		catch (MonitoringHttp.Unreachable ex) {
			return new Readiness(false, ex.getMessage());
		}
	}

	@Override
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

	@Override
	public List<Sample> query(String promql) {
		String url = this.base + "/api/v1/query?query="
				+ java.net.URLEncoder.encode(promql, java.nio.charset.StandardCharsets.UTF_8);
		JsonNode data = this.http.get(url, null).expectOk().path("data");
		List<Sample> samples = new ArrayList<>();
		for (JsonNode result : data.path("result")) {
			Map<String, String> labels = new TreeMap<>();
			result.path("metric").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
			// [ <unix time>, "<value>" ]; NaN and +Inf come as text too
			samples.add(new Sample(labels, Double.parseDouble(result.path("value").path(1).asText("NaN"))));
		}
		return samples;
	}

	@Override
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

}
