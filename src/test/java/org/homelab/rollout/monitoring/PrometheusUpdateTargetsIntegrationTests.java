package org.homelab.rollout.monitoring;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.camunda.bpm.engine.ProcessEngine;
import org.homelab.rollout.monitoring.steps.MonitoringVariables;
import org.homelab.rollout.rehearsal.LabGuest;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.rehearsal.proxmox.VmView;
import org.homelab.rollout.support.ProcessRuns;
import org.homelab.rollout.support.Tool;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * prometheus-update-targets against the rehearsal lab, where the Prometheus VM runs the
 * real Prometheus and the gitlab-ce VM the lab's Omnibus GitLab: Prometheus scrapes
 * GitLab's Rails metrics, its exporter and its node exporter (up, with GitLab's series),
 * keeps every Phase 1 target, a second run changes nothing, a Phase 1 re-run keeps
 * GitLab, and the undo (scrapeGitlab false) gives back Phase 1's configuration exactly.
 */
@SpringBootTest(properties = { "rollout.waits.initial-backoff=50ms", "rollout.waits.max-backoff=300ms",
		"rollout.proxmox.steps.retry-cycle=PT1S,PT1S,PT1S",
		"rollout.monitoring.state-dir=target/monitoring-it/${random.uuid}" })
@ActiveProfiles({ "rehearsal", "test" })
class PrometheusUpdateTargetsIntegrationTests {

	static final String PROMETHEUS = "http://127.0.10.21:9090";

	static final String CONFIG = "/etc/prometheus/prometheus.yml";

	/**
	 * The monitoring part of deploy/gitlab/gitlab.rb.template, for the lab's addresses.
	 */
	static final String GITLAB_RB = """
			external_url 'https://gitlab.homelab.lan'
			prometheus['enable'] = false
			gitlab_rails['monitoring_whitelist'] = ['127.0.0.0/8', '127.0.10.21/32']
			gitlab_exporter['enable'] = true
			gitlab_exporter['listen_address'] = '0.0.0.0'
			gitlab_exporter['listen_port'] = '9168'
			node_exporter['enable'] = true
			node_exporter['listen_address'] = '0.0.0.0:9100'
			""";

	@Autowired
	RehearsalLab lab;

	@Autowired
	ProcessEngine engine;

	@Autowired
	MonitoringClients clients;

	ProcessRuns runs;

	@BeforeEach
	void reset() {
		this.lab.reset();
		this.runs = new ProcessRuns(this.engine).within(Duration.ofSeconds(120));
	}

	@Test
	void prometheusScrapesGitlabKeepsPhaseOneAndTheUndoGivesPhaseOneBack() {
		Tool.PROMETHEUS.require("the real Prometheus scraping the lab's GitLab is");
		this.runs.run("provision-vm", "p2-mon", Map.of("vmName", "prometheus"));
		this.runs.run("k3s-monitoring-access", "p2-mon", Map.of());
		ProcessRuns.Run phase1 = this.runs.run("prometheus-install", "p2-mon", Map.of("vmName", "prometheus"));
		assertThat(phase1.variables()).containsEntry(MonitoringVariables.GITLAB_SCRAPED, false);
		String phase1Config = config();
		PrometheusOperations prometheus = this.clients.prometheus(PROMETHEUS);
		await().atMost(Duration.ofSeconds(45)).until(() -> !jobs(prometheus).isEmpty());
		Set<String> phase1Jobs = jobs(prometheus);
		installGitlab();

		ProcessRuns.Run update = this.runs.run("prometheus-update-targets", "p2-mon",
				Map.of("vmName", "prometheus", MonitoringVariables.SCRAPE_GITLAB, true));

		assertThat(this.runs.passed(update.id(), "ended"))
			.as("every GitLab target scraped before the timer: %s", update.variables())
			.isTrue();
		assertThat(update.variables()).containsEntry(MonitoringVariables.GITLAB_SCRAPED, true)
			.containsEntry(MonitoringVariables.PROMETHEUS_URL, PROMETHEUS);
		List<PrometheusOperations.Target> targets = prometheus.activeTargets();
		assertThat(jobs(prometheus)).containsAll(phase1Jobs).contains("gitlab", "gitlab-exporter", "gitlab-runner");
		assertThat(targets).filteredOn(t -> t.job().equals("gitlab"))
			.singleElement()
			.satisfies(t -> assertThat(t.health()).as(t.lastError()).isEqualTo("up"));
		assertThat(targets).filteredOn(t -> t.job().equals("gitlab-exporter"))
			.singleElement()
			.satisfies(t -> assertThat(t.health()).as(t.lastError()).isEqualTo("up"));
		assertThat(targets).filteredOn(t -> t.job().equals("node") && "gitlab-ce".equals(t.labels().get("node")))
			.singleElement()
			.satisfies(t -> assertThat(t.health()).as(t.lastError()).isEqualTo("up"));
		// the runners' metrics go through the API server's service proxy: no runner is
		// installed here, so scraped and down (RunnerMetricsIntegrationTests has them up)
		assertThat(targets).filteredOn(t -> t.job().equals("gitlab-runner"))
			.extracting(t -> t.labels().get("runner"))
			.containsExactlyInAnyOrder("gitlab-runner-gpu", "gitlab-runner-general");
		// GitLab's own series reached the real Prometheus
		assertThat(prometheus.query("http_requests_total{job=\"gitlab\"}")).isNotEmpty()
			.allSatisfy(sample -> assertThat(sample.value()).isPositive());
		assertThat(prometheus.query("gitlab_rails_boot_time_seconds")).singleElement()
			.satisfies(sample -> assertThat(sample.value()).isPositive());
		assertThat(prometheus.query("sidekiq_jobs_processed_total{job=\"gitlab-exporter\"}")).hasSize(1);
		String phase2Config = config();
		assertThat(phase2Config.lines().toList()).containsAll(phase1Config.lines().toList());

		// a second run writes the same files: the running Prometheus is not even
		// restarted
		int vmid = prometheusVm().vmid();
		Instant started = this.lab.monitoring().prometheus().startedAt(vmid).orElseThrow();
		this.runs.run("prometheus-update-targets", "p2-mon",
				Map.of("vmName", "prometheus", MonitoringVariables.SCRAPE_GITLAB, true));
		assertThat(config()).isEqualTo(phase2Config);
		assertThat(this.lab.monitoring().prometheus().startedAt(vmid)).contains(started);

		// Phase 1's install run again (a re-run of Phase 1) keeps what Phase 2 added
		assertThat(this.runs.run("prometheus-install", "p2-mon", Map.of("vmName", "prometheus")).variables())
			.containsEntry(MonitoringVariables.GITLAB_SCRAPED, true);
		assertThat(config()).isEqualTo(phase2Config);

		// the undo: Phase 1's configuration exactly, and no GitLab target left
		ProcessRuns.Run undo = this.runs.run("prometheus-update-targets", "p2-mon",
				Map.of("vmName", "prometheus", MonitoringVariables.SCRAPE_GITLAB, false));
		assertThat(undo.variables()).containsEntry(MonitoringVariables.GITLAB_SCRAPED, false);
		assertThat(this.runs.passed(undo.id(), "ended")).isTrue();
		assertThat(config()).isEqualTo(phase1Config);
		await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(jobs(prometheus)).isEqualTo(phase1Jobs));
		assertThat(prometheus.activeTargets()).noneMatch(t -> "gitlab-ce".equals(t.labels().get("node")));
	}

	private void installGitlab() {
		this.runs.run("provision-vm", "p2-mon", Map.of("vmName", "gitlab-ce"));
		VmView vm = this.lab.proxmox()
			.vms()
			.stream()
			.filter(v -> v.name().equals("gitlab-ce"))
			.findFirst()
			.orElseThrow();
		LabGuest guest = new LabGuest(this.lab, vm.vmid());
		String keyring = "/usr/share/keyrings/gitlab_gitlab-ce-archive-keyring.gpg";
		assertThat(
				guest.sh("curl -fsSL https://packages.gitlab.com/gitlab/gitlab-ce/gpgkey | gpg --dearmor -o " + keyring)
					.exitCode())
			.isZero();
		guest.write("/etc/apt/sources.list.d/gitlab_gitlab-ce.list",
				"deb [signed-by=" + keyring + "] https://packages.gitlab.com/gitlab/gitlab-ce/debian/ bookworm main\n");
		assertThat(guest.exec("apt-get", "install", "-y", "gitlab-ce").exitCode()).isZero();
		guest.write("/etc/gitlab/gitlab.rb", GITLAB_RB);
		LabGuest.Exec reconfigure = guest.exec("gitlab-ctl", "reconfigure");
		assertThat(reconfigure.exitCode()).as(reconfigure.err()).isZero();
		await().atMost(Duration.ofSeconds(60)).until(() -> this.lab.gitlab().lab(vm.vmid()).orElseThrow().ready());
		// someone opens the sign-in page: Rails has requests to count before Prometheus
		// first scrapes it
		var signIn = new MonitoringHttp(new okhttp3.OkHttpClient(), "GitLab").get("http://127.0.10.23/users/sign_in",
				null);
		assertThat(signIn.status()).isEqualTo(200);
	}

	private String config() {
		return new String(prometheusVm().files().get(CONFIG), StandardCharsets.UTF_8);
	}

	private VmView prometheusVm() {
		return this.lab.proxmox().vms().stream().filter(v -> v.name().equals("prometheus")).findFirst().orElseThrow();
	}

	private static Set<String> jobs(PrometheusOperations prometheus) {
		Set<String> jobs = new TreeSet<>();
		prometheus.activeTargets().forEach(t -> jobs.add(t.job()));
		return jobs;
	}

}
