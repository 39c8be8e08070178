package org.homelab.rollout.runner;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.homelab.rollout.matrix.IntegrationMatrix;
import org.homelab.rollout.matrix.MatrixCheck;
import org.homelab.rollout.matrix.MatrixObservation;
import org.homelab.rollout.monitoring.MonitoringClients;
import org.homelab.rollout.monitoring.PrometheusOperations;
import org.homelab.rollout.monitoring.steps.MonitoringVariables;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.support.ProcessRuns;
import org.homelab.rollout.support.Tool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The runners' metrics reach the real Prometheus as on a homelab: both runners installed
 * by gitlab-runner-install (same context as {@link GitlabRunnerProcessIntegrationTests}),
 * then Phase 1's Prometheus access and install, and prometheus-update-targets with
 * GitLab: Prometheus scrapes each release's metrics Service through the lab's K3s API
 * server's service proxy with the prometheus-homelab token, up, with the managers'
 * request_job polls of GitLab counted and moving; the matrix cells "GitLab Runner ✅
 * Prometheus" and "GitLab Runner ✅ GitLab CE" are MET.
 */
@SpringBootTest(properties = { "rollout.vault.state-dir=target/runner-it/${random.uuid}",
		"rollout.waits.initial-backoff=20ms", "rollout.waits.max-backoff=200ms", "rollout.retry-scale=0.02" })
@ActiveProfiles({ "rehearsal", "test" })
@Import(LabGitlab.class)
class RunnerMetricsIntegrationTests {

	static final String PROMETHEUS = "http://127.0.10.21:9090";

	@Autowired
	RehearsalLab lab;

	@Autowired
	ProcessEngine engine;

	@Autowired
	MonitoringClients clients;

	@Autowired
	MatrixObservation observation;

	@AfterEach
	void stopTheLabsServices() {
		this.lab.reset();
	}

	@Test
	void prometheusScrapesBothRunnersThroughTheApiServerAndTheRunnerCellsAreMet() {
		Tool.PROMETHEUS.require("the real Prometheus scraping the runners through the K3s API server is");
		this.lab.reset();
		ProcessRuns runs = new ProcessRuns(this.engine).within(Duration.ofSeconds(120));
		Map<String, Object> vault = GitlabRunnerProcessIntegrationTests.phaseOneVaultAndEso(runs);
		runs.run("provision-vm", "p2", Map.of("vmName", "gitlab-ce"));
		LabGitlab.install(this.lab);
		runs.run("gitlab-runner-install", "p2", GitlabRunnerProcessIntegrationTests.runner(vault, "gpu", "p2"));
		runs.run("gitlab-runner-install", "p2", GitlabRunnerProcessIntegrationTests.runner(vault, "general", "p2"));
		runs.run("provision-vm", "p2", Map.of("vmName", "prometheus"));
		runs.run("k3s-monitoring-access", "p2", Map.of());
		runs.run("prometheus-install", "p2", Map.of("vmName", "prometheus"));

		runs.run("prometheus-update-targets", "p2",
				Map.of("vmName", "prometheus", MonitoringVariables.SCRAPE_GITLAB, true));

		PrometheusOperations prometheus = this.clients.prometheus(PROMETHEUS);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(prometheus.activeTargets()).filteredOn(t -> t.job().equals("gitlab-runner"))
				.hasSize(2)
				.allSatisfy(t -> assertThat(t.health()).as(t.labels() + " " + t.lastError()).isEqualTo("up")));
		assertThat(prometheus.query("gitlab_runner_version_info{job=\"gitlab-runner\"}"))
			.extracting(s -> s.labels().get("runner"))
			.containsExactlyInAnyOrder("gitlab-runner-gpu", "gitlab-runner-general");
		assertThat(prometheus.query("gitlab_runner_concurrent{runner=\"gitlab-runner-gpu\"}")).singleElement()
			.satisfies(s -> assertThat(s.value()).isEqualTo(2.0));
		assertThat(prometheus.query("gitlab_runner_jobs{state=\"running\"}")).hasSize(2);
		// the managers' polls of GitLab, counted by GitLab's answer (no job waiting: 204)
		List<PrometheusOperations.Sample> polls = prometheus
			.query("gitlab_runner_api_request_statuses_total{endpoint=\"request_job\",status=\"204\"}");
		assertThat(polls).hasSize(2).allSatisfy(s -> assertThat(s.value()).isPositive());
		double first = total(prometheus);
		await().atMost(Duration.ofSeconds(20)).until(() -> total(prometheus) > first);

		MatrixCheck.Result matrix = new MatrixCheck(IntegrationMatrix.PLAN).check(2, this.observation.observe(2));
		assertThat(matrix.table()).contains("GitLab Runner \u2705 Prometheus: MET",
				"GitLab Runner \u2705 GitLab CE: MET (runners asking GitLab for jobs [gitlab-runner-general, "
						+ "gitlab-runner-gpu])");
		assertThat(this.lab.journal().violations()).isEmpty();
	}

	private static double total(PrometheusOperations prometheus) {
		return prometheus.query(MatrixCheck.RUNNER_REQUESTS)
			.stream()
			.mapToDouble(PrometheusOperations.Sample::value)
			.sum();
	}

}
