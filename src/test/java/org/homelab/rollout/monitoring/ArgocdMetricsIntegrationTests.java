package org.homelab.rollout.monitoring;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.camunda.bpm.engine.ProcessEngine;
import org.homelab.rollout.matrix.IntegrationMatrix;
import org.homelab.rollout.matrix.MatrixCheck;
import org.homelab.rollout.matrix.MatrixObservation;
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
 * Phase 3's monitoring against the rehearsal lab, where the Prometheus VM runs the real
 * Prometheus and the lab's K3s the argo-cd release: prometheus-update-targets with
 * {@code scrapeArgocd} makes Prometheus scrape the application controller's metrics
 * Service through the K3s API server's service proxy (the prometheus-homelab token, held
 * to the ClusterRole k3s-monitoring-access made), up, with an Application's
 * {@code argocd_app_info}; the ansible VM's node exporter (Debian's package) is an up
 * target of the node job; the matrix's "ArgoCD ✅ Prometheus" and "Ansible ✅ Prometheus"
 * cells read MET for Phase 3; a Phase 1 re-run keeps Argo CD, and the undo gives back the
 * configuration before.
 */
@SpringBootTest(properties = { "rollout.waits.initial-backoff=50ms", "rollout.waits.max-backoff=300ms",
		"rollout.proxmox.steps.retry-cycle=PT1S,PT1S,PT1S",
		"rollout.monitoring.state-dir=target/monitoring-it/${random.uuid}" })
@ActiveProfiles({ "rehearsal", "test" })
class ArgocdMetricsIntegrationTests {

	static final String PROMETHEUS = "http://127.0.10.21:9090";

	static final String CONFIG = "/etc/prometheus/prometheus.yml";

	/**
	 * The release as Phase 3 installs it: release {@code argocd} in namespace
	 * {@code argocd}, controller metrics on. {@code nameOverride: argocd} is the real
	 * chart's default (values.yaml), spelled out for the lab's chart, whose default is
	 * the chart's name.
	 */
	static final String VALUES = """
			nameOverride: argocd
			controller:
			  metrics:
			    enabled: true
			server:
			  service:
			    type: NodePort
			""";

	@Autowired
	RehearsalLab lab;

	@Autowired
	ProcessEngine engine;

	@Autowired
	MonitoringClients clients;

	@Autowired
	MatrixObservation observation;

	ProcessRuns runs;

	@BeforeEach
	void reset() {
		this.lab.reset();
		this.runs = new ProcessRuns(this.engine).within(Duration.ofSeconds(120));
	}

	@Test
	void prometheusScrapesArgocdThroughTheApiServerAndTheAnsibleVmAndTheUndoGivesTheConfigurationBack() {
		Tool.PROMETHEUS.require("the real Prometheus scraping the lab's Argo CD is");
		this.runs.run("provision-vm", "p3-mon", Map.of("vmName", "prometheus"));
		this.runs.run("k3s-monitoring-access", "p3-mon", Map.of());
		ProcessRuns.Run phase1 = this.runs.run("prometheus-install", "p3-mon", Map.of("vmName", "prometheus"));
		assertThat(phase1.variables()).containsEntry(MonitoringVariables.ARGOCD_SCRAPED, false);
		String before = config();
		installAnsibleVm();
		installArgocd();

		ProcessRuns.Run update = this.runs.run("prometheus-update-targets", "p3-mon",
				Map.of("vmName", "prometheus", MonitoringVariables.SCRAPE_ARGOCD, true));

		assertThat(this.runs.passed(update.id(), "ended"))
			.as("Argo CD's and the ansible VM's targets scraped before the timer: %s", update.variables())
			.isTrue();
		assertThat(update.variables()).containsEntry(MonitoringVariables.ARGOCD_SCRAPED, true)
			.containsEntry(MonitoringVariables.GITLAB_SCRAPED, false);
		PrometheusOperations prometheus = this.clients.prometheus(PROMETHEUS);
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(prometheus.activeTargets()).filteredOn(t -> t.job().equals("argocd"))
				.singleElement()
				.satisfies(t -> assertThat(t.health()).as(t.lastError()).isEqualTo("up")));
		// the controller's own series reached the real Prometheus, through the API server
		List<PrometheusOperations.Sample> apps = prometheus.query("argocd_app_info{job=\"argocd\"}");
		assertThat(apps).singleElement().satisfies(app -> {
			assertThat(app.labels()).containsEntry("name", "smoke").containsEntry("project", "default");
			assertThat(app.labels().get("sync_status")).isNotBlank();
		});
		// the ansible VM's node exporter (Debian's, as ansible-install installs it)
		await().atMost(Duration.ofSeconds(30))
			.untilAsserted(() -> assertThat(prometheus.activeTargets())
				.filteredOn(t -> t.job().equals("node") && "ansible".equals(t.labels().get("node")))
				.singleElement()
				.satisfies(t -> {
					assertThat(t.instance()).isEqualTo("127.0.10.24:9100");
					assertThat(t.labels()).containsEntry("group", "ansible");
					assertThat(t.health()).as(t.lastError()).isEqualTo("up");
				}));
		assertThat(prometheus.query("node_boot_time_seconds{group=\"ansible\"}")).hasSize(1);
		assertThat(prometheus.alertingRules()).extracting(PrometheusOperations.AlertRule::name)
			.contains("ArgoCDAppOutOfSync", "ArgoCDAppDegraded", "ArgoCDControllerDown");

		MatrixCheck.Result matrix = new MatrixCheck(IntegrationMatrix.PLAN).check(3, this.observation.observe(3));
		assertThat(matrix.table()).contains("ArgoCD \u2705 Prometheus: MET (job argocd",
				"Ansible \u2705 Prometheus: MET (job node (group ansible) [127.0.10.24:9100 up]; alerting rules "
						+ "[NodeDown])",
				// no Grafana, Vault or GitLab in this lab: unmet, saying so
				"ArgoCD \u2705 Vault: NOT MET", "ArgoCD \u2705 Grafana: NOT MET",
				"ArgoCD \u2705 GitLab CE: NOT MET (Argo CD not asked: ",
				"Ansible \u2705 GitLab Runner: NOT MET (GitLab's pipelines not asked: ");

		// Phase 1's install run again keeps what Phase 3 added
		String phase3 = config();
		assertThat(this.runs.run("prometheus-install", "p3-mon", Map.of("vmName", "prometheus")).variables())
			.containsEntry(MonitoringVariables.ARGOCD_SCRAPED, true);
		assertThat(config()).isEqualTo(phase3);

		// the undo: the configuration before exactly, and no Argo CD target left
		ProcessRuns.Run undo = this.runs.run("prometheus-update-targets", "p3-mon",
				Map.of("vmName", "prometheus", MonitoringVariables.SCRAPE_ARGOCD, false));
		assertThat(this.runs.passed(undo.id(), "ended")).isTrue();
		assertThat(config()).isEqualTo(before);
		assertThat(prometheus.activeTargets()).noneMatch(t -> t.job().equals("argocd"))
			.noneMatch(t -> "ansible".equals(t.labels().get("node")));
		assertThat(this.lab.journal().violations()).isEmpty();
	}

	/**
	 * The ansible VM with Debian's node exporter, installed by the line ansible-install's
	 * script runs (AnsibleModel.installScript).
	 */
	private void installAnsibleVm() {
		this.runs.run("provision-vm", "p3-mon", Map.of("vmName", "ansible"));
		VmView vm = this.lab.proxmox().vms().stream().filter(v -> v.name().equals("ansible")).findFirst().orElseThrow();
		LabGuest.Exec install = new LabGuest(this.lab, vm.vmid()).exec("apt-get", "install", "-y",
				"prometheus-node-exporter");
		assertThat(install.exitCode()).as(install.err()).isZero();
	}

	/**
	 * The argo-cd release through the lab's K3s (its helm-controller), and an Application
	 * for the controller to report.
	 */
	private void installArgocd() {
		KubernetesClient k3s = this.lab.kubernetes().client();
		k3s.resource(new GenericKubernetesResourceBuilder().withApiVersion("helm.cattle.io/v1")
			.withKind("HelmChart")
			.withNewMetadata()
			.withName("argocd")
			.withNamespace("kube-system")
			.endMetadata()
			.addToAdditionalProperties("spec",
					Map.of("chart", "argo-cd", "repo", "https://argoproj.github.io/argo-helm", "version", "10.1.1",
							"targetNamespace", "argocd", "createNamespace", true, "valuesContent", VALUES))
			.build()).create();
		await().atMost(Duration.ofSeconds(30)).until(() -> this.lab.argocd().url().isPresent());
		assertThat(k3s.services().inNamespace("argocd").withName(GitopsTargets.CONTROLLER_SERVICE).get()).isNotNull();
		k3s.resource(new GenericKubernetesResourceBuilder().withApiVersion("argoproj.io/v1alpha1")
			.withKind("Application")
			.withNewMetadata()
			.withName("smoke")
			.withNamespace("argocd")
			.endMetadata()
			.addToAdditionalProperties("spec",
					Map.of("project", "default", "source",
							Map.of("repoURL", "https://gitlab.homelab.lan/homelab/gitops.git", "path", "apps/smoke",
									"targetRevision", "HEAD"),
							"destination", Map.of("server", "https://kubernetes.default.svc", "namespace", "smoke")))
			.build()).create();
	}

	private String config() {
		return new String(prometheusVm().files().get(CONFIG), StandardCharsets.UTF_8);
	}

	private VmView prometheusVm() {
		return this.lab.proxmox().vms().stream().filter(v -> v.name().equals("prometheus")).findFirst().orElseThrow();
	}

}
