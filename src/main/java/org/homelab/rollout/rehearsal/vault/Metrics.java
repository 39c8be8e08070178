package org.homelab.rollout.rehearsal.vault;

import com.fasterxml.jackson.databind.node.ObjectNode;
import mockwebserver3.MockResponse;

/**
 * {@code sys/metrics}: Vault's telemetry. With the listener's
 * {@code unauthenticated_metrics_access} Vault answers it at the HTTP layer, before the
 * seal and token checks, so a sealed Vault still reports {@code vault_core_unsealed 0}.
 * {@code format=prometheus} needs a non-zero {@code prometheus_retention_time}, as in
 * Vault.
 */
final class Metrics {

	/** How the config lets metrics out. */
	record Access(boolean unauthenticated, boolean prometheus) {

		static final Access NONE = new Access(false, false);

	}

	private Metrics() {
	}

	static MockResponse answer(VaultState state, String format, Access access) {
		boolean unsealed;
		boolean initialized;
		synchronized (state) {
			unsealed = !state.barrier.sealed();
			initialized = state.barrier.initialized();
		}
		if ("prometheus".equals(format)) {
			if (!access.prometheus()) {
				return Reply.badRequest("prometheus is not enabled").toMockResponse();
			}
			return new MockResponse.Builder().code(200)
				.setHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
				.body(prometheusText(unsealed, initialized))
				.build();
		}
		return Reply.json(200, summary(unsealed)).toMockResponse();
	}

	private static String prometheusText(boolean unsealed, boolean initialized) {
		return """
				# HELP vault_core_unsealed vault_core_unsealed
				# TYPE vault_core_unsealed gauge
				vault_core_unsealed %d
				# HELP vault_core_active vault_core_active
				# TYPE vault_core_active gauge
				vault_core_active %d
				# HELP vault_core_initialized vault_core_initialized
				# TYPE vault_core_initialized gauge
				vault_core_initialized %d
				""".formatted(unsealed ? 1 : 0, unsealed ? 1 : 0, initialized ? 1 : 0);
	}

	/** The in-memory sink's JSON summary Vault answers without a format. */
	private static ObjectNode summary(boolean unsealed) {
		ObjectNode body = Json.object();
		ObjectNode gauge = body.putArray("Gauges").addObject();
		gauge.put("Name", "vault.core.unsealed");
		gauge.put("Value", unsealed ? 1 : 0);
		body.putArray("Counters");
		body.putArray("Samples");
		return body;
	}

}
