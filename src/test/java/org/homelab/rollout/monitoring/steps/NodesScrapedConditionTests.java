package org.homelab.rollout.monitoring.steps;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
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
import org.homelab.rollout.waiting.TypicalDurations;
import org.homelab.rollout.waiting.WaitCondition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The first-scrape wait against a Prometheus answering /api/v1/targets (every request goes to a mock server). */
class NodesScrapedConditionTests {

	static final List<String> NODES = List.of("k3s-cp-1", "k3s-w-1", "k3s-w-2", "pve", "frontend");

	final MockWebServer prometheus = new MockWebServer();

	final TypicalDurations typical = new TypicalDurations();

	NodesScrapedCondition condition;

	@BeforeEach
	void start() throws Exception {
		this.prometheus.start();
		// the planned Prometheus address is the inventory's; send its requests to the mock server
		OkHttpClient http = new OkHttpClient.Builder()
			.addInterceptor(chain -> chain.proceed(chain.request()
				.newBuilder()
				.url(chain.request().url().newBuilder().host(this.prometheus.getHostName()).port(this.prometheus.getPort()).build())
				.build()))
			.build();
		this.condition = new NodesScrapedCondition(
				new MonitoringClients(http, null, () -> null, PrometheusConfigTests.properties()),
				new ScrapePlans(PrometheusConfigTests.homelab(), PrometheusConfigTests.properties()), this.typical);
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
		assertThat(waiting.lookAgainIn()).isEqualTo(NodesScrapedCondition.LOOK_AGAIN);

		answer("up", "k3s-w-2");
		assertThat(look(Duration.ofSeconds(2)).state()).isEqualTo(Check.State.DONE);
	}

	@Test
	void looksAgainWhenTheFirstScrapeTypicallyComes() throws InterruptedException {
		Instant since = Instant.now().minusMillis(5900);
		answer("unknown", NODES.toArray(String[]::new));
		look(since);
		Thread.sleep(200);
		answer("up", "k3s-cp-1");
		assertThat(look(since).state()).isEqualTo(Check.State.DONE);

		// the next wait looks first a little before ~6 s, not every half second
		answer("unknown", NODES.toArray(String[]::new));
		Duration next = look(Duration.ofMillis(100)).lookAgainIn();
		assertThat(next).isBetween(Duration.ofMillis(5400), Duration.ofMillis(6000));
	}

	@Test
	void anAdoptedPrometheusThatScrapedLongAgoTeachesNothing() {
		answer("up", "k3s-cp-1");
		assertThat(look(Duration.ofMillis(20)).state()).isEqualTo(Check.State.DONE);
		assertThat(this.typical.typical(NodesScrapedCondition.KIND)).isEmpty();
	}

	@Test
	void afterTwoMinutesTheCriterionJudgesWhatThereIs() {
		answer("unknown", "pve");
		assertThat(look(NodesScrapedCondition.PATIENCE.plusSeconds(1)).state()).isEqualTo(Check.State.DONE);
		assertThat(this.typical.typical(NodesScrapedCondition.KIND)).isEmpty();
	}

	/** One look, the wait having begun {@code ago}. */
	Check look(Duration ago) {
		return look(Instant.now().minus(ago));
	}

	Check look(Instant since) {
		return this.condition.check(Map.of(WaitCondition.WAITING_SINCE, Date.from(since)));
	}

	/** The next /api/v1/targets answer: every node's target "up", except {@code others} with {@code health}. */
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
