package org.homelab.rollout.monitoring.steps;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import okhttp3.OkHttpClient;
import org.homelab.rollout.monitoring.MonitoringClients;
import org.homelab.rollout.monitoring.PrometheusConfigTests;
import org.homelab.rollout.monitoring.ScrapePlans;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The first-scrape wait against a Prometheus answering /api/v1/targets (every request
 * goes to a mock server).
 */
class NodesScrapedWaitTests {

	static final List<String> NODES = List.of("k3s-cp-1", "k3s-w-1", "k3s-w-2", "pve", "frontend");

	final MockWebServer prometheus = new MockWebServer();

	NodesScrapedWait condition;

	@BeforeEach
	void start() throws Exception {
		this.prometheus.start();
		// the planned Prometheus address is the inventory's; send its requests to the
		// mock server
		OkHttpClient http = new OkHttpClient.Builder().addInterceptor(chain -> chain.proceed(chain.request()
			.newBuilder()
			.url(chain.request()
				.url()
				.newBuilder()
				.host(this.prometheus.getHostName())
				.port(this.prometheus.getPort())
				.build())
			.build())).build();
		this.condition = new NodesScrapedWait(
				new MonitoringClients(http, null, () -> null, PrometheusConfigTests.properties()),
				new ScrapePlans(PrometheusConfigTests.homelab(), PrometheusConfigTests.properties()));
	}

	@AfterEach
	void stop() {
		this.prometheus.close();
	}

	@Test
	void waitsUntilEveryInventoryNodeWasScrapedOnce() {
		answer("unknown", "k3s-w-2");
		Check waiting = look(Duration.ofSeconds(1));
		assertThat(waiting.state()).isEqualTo(Check.State.WAITING);
		assertThat(waiting.message()).contains("[k3s-w-2]");
		// Prometheus says nothing of when it will scrape: when to look again is the
		// poller's to learn
		assertThat(waiting.doneIn()).isNull();

		answer("up", "k3s-w-2");
		assertThat(look(Duration.ofSeconds(2)).state()).isEqualTo(Check.State.DONE);
	}

	/** One look, the wait having begun {@code ago}. */
	Check look(Duration ago) {
		return look(Instant.now().minus(ago));
	}

	Check look(Instant since) {
		return this.condition.check(Look.at(Map.of(), since));
	}

	/**
	 * The next /api/v1/targets answer: every node's target "up", except {@code others}
	 * with {@code health}.
	 */
	void answer(String health, String... others) {
		String targets = NODES.stream()
			.map(node -> "{\"labels\":{\"job\":\"node\",\"node\":\"" + node + "\",\"instance\":\"" + node + ":9100\"},"
					+ "\"health\":\"" + (List.of(others).contains(node) ? health : "up") + "\",\"lastError\":\"\"}")
			.collect(Collectors.joining(","));
		this.prometheus.enqueue(new MockResponse.Builder().code(200)
			.addHeader("Content-Type", "application/json")
			.body("{\"status\":\"success\",\"data\":{\"activeTargets\":[" + targets + "]}}")
			.build());
	}

}
