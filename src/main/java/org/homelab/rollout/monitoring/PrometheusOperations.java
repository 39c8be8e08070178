package org.homelab.rollout.monitoring;

import java.util.List;
import java.util.Map;

/**
 * The Prometheus HTTP API of one server (http://host:9090), as far as the rollout reads
 * it.
 */
public interface PrometheusOperations {

	/** The server's URL. */
	String base();

	/**
	 * Whether it is ready; a server not listening yet is "not ready", not a failure. @see
	 * "GET /-/ready"
	 */
	Readiness ready();

	/** @see "GET /api/v1/targets?state=active" */
	List<Target> activeTargets();

	/** @see "GET /api/v1/rules?type=alert" */
	List<AlertRule> alertingRules();

	/** An instant vector's samples. @see "GET /api/v1/query?query=..." */
	List<Sample> query(String promql);

	/** One sample of an instant vector: its labels and value. */
	record Sample(Map<String, String> labels, double value) {
	}

	record Readiness(boolean ready, String detail) {
	}

	/** One scrape target: {@code health} is up, down or unknown (not scraped yet). */
	record Target(String job, String instance, Map<String, String> labels, String health, String lastError) {

		public boolean up() {
			return "up".equals(this.health);
		}

	}

	/**
	 * One alerting rule as loaded: state inactive, pending or firing; health ok, err or
	 * unknown.
	 */
	record AlertRule(String group, String name, String state, String health, int activeAlerts) {
	}

}
