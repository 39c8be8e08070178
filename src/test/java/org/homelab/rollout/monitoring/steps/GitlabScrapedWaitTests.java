package org.homelab.rollout.monitoring.steps;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
 * The wait after prometheus-update-targets against a Prometheus answering /api/v1/targets
 * (a mock server): with GitLab, every GitLab job and GitLab's node exporter scraped once;
 * without, none left; and never on a Prometheus that has not loaded its targets again.
 */
class GitlabScrapedWaitTests {

	final MockWebServer prometheus = new MockWebServer();

	GitlabScrapedWait condition;

	@BeforeEach
	void start() throws Exception {
		this.prometheus.start();
		this.condition = new GitlabScrapedWait(
				new MonitoringClients(new OkHttpClient(), null, () -> null, PrometheusConfigTests.properties()),
				new ScrapePlans(PrometheusConfigTests.homelab(), PrometheusConfigTests.properties()));
	}

	@AfterEach
	void stop() {
		this.prometheus.close();
	}

	@Test
	void withGitlabItWaitsUntilEveryGitlabTargetWasScrapedOnceUpOrDown() {
		answer(target("gitlab", "192.168.1.23:80", "unknown", Map.of()),
				target("gitlab-exporter", "192.168.1.23:9168", "up", Map.of()),
				target("node", "192.168.1.23:9100", "up", Map.of("node", "gitlab-ce", "group", "gitlab")));
		Check waiting = look(true);
		assertThat(waiting.state()).isEqualTo(Check.State.WAITING);
		assertThat(waiting.message()).contains("gitlab 192.168.1.23:80", "gitlab-runner");

		answer(target("gitlab", "192.168.1.23:80", "up", Map.of()),
				target("gitlab-exporter", "192.168.1.23:9168", "up", Map.of()),
				target("gitlab-runner", "192.168.1.30:6443", "down", Map.of("runner", "gitlab-runner-gpu")),
				target("node", "192.168.1.23:9100", "down", Map.of("node", "gitlab-ce", "group", "gitlab")));
		assertThat(look(true).state()).isEqualTo(Check.State.DONE);
	}

	@Test
	void withoutGitlabItWaitsUntilNoneIsLeftButNotOnARestartingPrometheus() {
		this.prometheus.enqueue(json("[]"));
		Check restarting = look(false);
		assertThat(restarting.state()).as("no targets at all is a Prometheus loading them")
			.isEqualTo(Check.State.WAITING);
		assertThat(restarting.message()).contains("to load its targets again");

		answer(target("gitlab", "192.168.1.23:80", "up", Map.of()));
		assertThat(look(false).message()).contains("to drop GitLab's targets [gitlab 192.168.1.23:80]");

		answer();
		assertThat(look(false).state()).isEqualTo(Check.State.DONE);
	}

	@Test
	void withArgocdItWaitsForItsControllerAndTheAnsibleVmAndWithoutUntilTheyAreGone() {
		GitlabScrapedWait gitops = new GitlabScrapedWait(
				new MonitoringClients(new OkHttpClient(), null, () -> null, PrometheusConfigTests.properties()),
				new ScrapePlans(PrometheusConfigTests.gitopsHomelab(), PrometheusConfigTests.properties()));
		answer(target("argocd", "192.168.1.30:6443", "down", Map.of()));
		Check waiting = gitops.check(look(false, true));
		assertThat(waiting.state()).isEqualTo(Check.State.WAITING);
		assertThat(waiting.message()).contains("node ansible").doesNotContain("[argocd");

		answer(target("argocd", "192.168.1.30:6443", "unknown", Map.of()),
				target("node", "192.168.1.24:9100", "up", Map.of("node", "ansible", "group", "ansible")));
		assertThat(gitops.check(look(false, true)).message()).contains("scrape [argocd] once");

		answer(target("argocd", "192.168.1.30:6443", "up", Map.of()),
				target("node", "192.168.1.24:9100", "down", Map.of("node", "ansible", "group", "ansible")));
		assertThat(gitops.check(look(false, true)).state()).isEqualTo(Check.State.DONE);

		// the undo: both must go; GitLab's flag is judged apart
		answer(target("node", "192.168.1.24:9100", "up", Map.of("node", "ansible", "group", "ansible")));
		assertThat(gitops.check(look(false, false)).message())
			.contains("drop Argo CD's and the ansible VM's targets [node 192.168.1.24:9100]");
		answer();
		assertThat(gitops.check(look(false, false)).state()).isEqualTo(Check.State.DONE);
	}

	Look look(boolean gitlab, boolean argocd) {
		return Look.at(Map.of(MonitoringVariables.GITLAB_SCRAPED, gitlab, MonitoringVariables.ARGOCD_SCRAPED, argocd,
				MonitoringVariables.PROMETHEUS_URL, this.prometheus.url("/").toString()), Instant.now());
	}

	Check look(boolean gitlab) {
		return this.condition.check(Look.at(Map.of(MonitoringVariables.GITLAB_SCRAPED, gitlab,
				MonitoringVariables.PROMETHEUS_URL, this.prometheus.url("/").toString()), Instant.now()));
	}

	/** Phase 1's node targets, all up, and {@code gitlab}. */
	void answer(String... gitlab) {
		List<String> targets = new ArrayList<>();
		for (String node : List.of("k3s-cp-1", "k3s-w-1", "k3s-w-2", "pve", "frontend")) {
			targets.add(target("node", node + ":9100", "up", Map.of("node", node, "group", "k3s")));
		}
		targets.addAll(List.of(gitlab));
		this.prometheus.enqueue(json("[" + String.join(",", targets) + "]"));
	}

	static String target(String job, String instance, String health, Map<String, String> labels) {
		StringBuilder json = new StringBuilder(
				"{\"labels\":{\"job\":\"" + job + "\",\"instance\":\"" + instance + "\"");
		labels.forEach((name, value) -> json.append(",\"").append(name).append("\":\"").append(value).append('"'));
		return json.append("},\"health\":\"").append(health).append("\",\"lastError\":\"\"}").toString();
	}

	static MockResponse json(String activeTargets) {
		return new MockResponse.Builder().code(200)
			.addHeader("Content-Type", "application/json")
			.body("{\"status\":\"success\",\"data\":{\"activeTargets\":" + activeTargets + "}}")
			.build();
	}

}
