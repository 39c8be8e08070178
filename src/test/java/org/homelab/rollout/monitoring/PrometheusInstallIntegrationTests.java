package org.homelab.rollout.monitoring;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.homelab.rollout.monitoring.steps.MonitoringVariables;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.rehearsal.monitoring.PrometheusService;
import org.homelab.rollout.rehearsal.proxmox.VmView;
import org.homelab.rollout.support.ProcessRuns;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * k3s-monitoring-access and prometheus-install against the rehearsal lab, where the VM's
 * prometheus unit runs the real Prometheus (when installed) with what the engine wrote:
 * it gets ready, scrapes every inventory node, and the success criteria report
 * truthfully, also when a node's exporter is down. A re-run adopts; rollback leaves
 * nothing.
 */
@SpringBootTest(properties = { "rollout.waits.initial-backoff=50ms", "rollout.waits.max-backoff=300ms",
		"rollout.proxmox.steps.retry-cycle=PT1S,PT1S,PT1S",
		"rollout.monitoring.state-dir=target/monitoring-it/${random.uuid}" })
@ActiveProfiles({ "rehearsal", "test" })
class PrometheusInstallIntegrationTests {

	static final String PROMETHEUS = "127.0.10.21";

	static final String RULE_TESTS = "/etc/prometheus/rules/homelab.rules.test.yml";

	@Autowired
	RehearsalLab lab;

	@Autowired
	ProcessEngine engine;

	@Autowired
	HistoryService history;

	@Autowired
	MonitoringClients clients;

	@Autowired
	ProxmoxOperations proxmox;

	ProcessRuns runs;

	@BeforeEach
	void reset() {
		this.lab.reset();
		this.runs = new ProcessRuns(this.engine).within(Duration.ofSeconds(90));
	}

	@Test
	void prometheusRunsWithTheGeneratedConfigurationAndCollectsEveryNode() {
		this.runs.run("provision-vm", "mon-1", Map.of("vmName", "prometheus"));
		ProcessRuns.Run access = this.runs.run("k3s-monitoring-access", "mon-1", Map.of());
		ProcessRuns.Run install = this.runs.run("prometheus-install", "mon-1", Map.of("vmName", "prometheus"));

		assertThat(access.variables()).containsEntry(MonitoringVariables.ACCESS_CREATED, true);
		assertThat(install.variables()).containsEntry(MonitoringVariables.PROMETHEUS_URL,
				"http://" + PROMETHEUS + ":9090");
		assertThat(this.clients.prometheus("http://" + PROMETHEUS + ":9090").ready().ready()).isTrue();
		VmView vm = prometheusVm();
		assertThat(vm.files()).containsKeys("/etc/prometheus/prometheus.yml", "/etc/prometheus/targets/nodes.json",
				"/etc/prometheus/rules/homelab.rules.yml", RULE_TESTS, "/etc/prometheus/k3s/token",
				"/etc/prometheus/k3s/ca.crt");
		// the token reached the VM, and no variable of the runs holds it
		String token = new String(vm.files().get("/etc/prometheus/k3s/token"));
		assertThat(token).isNotBlank();
		assertThat(this.history.createHistoricVariableInstanceQuery().list())
			.noneMatch(v -> String.valueOf(v.getValue()).contains(token));

		// Prometheus scrapes every 15 s: the criterion turns true once each node was
		// scraped
		await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(1)).until(() -> criterion());
		Map<String, Object> met = criteria();
		assertThat(met).containsEntry("prometheusCollectingMet", true).containsEntry("alertingTestedMet", true);
		assertThat((String) met.get("prometheusCollectingResult")).contains("k3s-cp-1: up", "k3s-w-2: up", "pve: up",
				"frontend: up");
		assertThat((String) met.get("alertingTestedResult")).contains("NodeDown", "VaultSealed",
				"promtool test rules passed");
		// the lab timed the real Prometheus' own start-up to its first scrape of every
		// node (the benchmarks' bound
		// counts it): Prometheus 2.42 hands discovered targets to its scrape loops only
		// after ~5 s
		if (PrometheusService.real()) {
			assertThat(this.lab.monitoring().startToAllNodesScraped(vm.vmid()))
				.hasValueSatisfying(took -> assertThat(took).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(45)));
		}

		// a node exporter goes down: the criterion says so, and which
		this.lab.monitoring().exporters().stop("k3s-w-2");
		await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofSeconds(1)).until(() -> !criterion());
		assertThat((String) criteria().get("prometheusCollectingResult")).contains("k3s-w-2: DOWN")
			.contains("k3s-w-1: up");

		// a rule test failing under promtool in the VM: the criterion is unmet and says
		// why, no incident
		String tests = new String(vm.files().get(RULE_TESTS), StandardCharsets.UTF_8);
		this.proxmox.agent(vm.node())
			.fileWrite(vm.vmid(), RULE_TESTS, tests.replace("alertname: NodeDown", "alertname: NodeGone"));
		Map<String, Object> broken = criteria();
		assertThat(broken).containsEntry("alertingTestedMet", false);
		assertThat((String) broken.get("alertingTestedResult")).contains("promtool test rules failed in VM prometheus",
				"NodeGone");
	}

	@Test
	void aReRunAdoptsAndRollbackLeavesNothing() {
		this.runs.run("provision-vm", "mon-2", Map.of("vmName", "prometheus"));
		this.runs.run("k3s-monitoring-access", "mon-2", Map.of());
		this.runs.run("prometheus-install", "mon-2", Map.of("vmName", "prometheus"));
		ProcessRuns.Run again = this.runs.run("k3s-monitoring-access", "mon-2", Map.of());
		this.runs.run("prometheus-install", "mon-2", Map.of("vmName", "prometheus"));

		assertThat(again.variables()).containsEntry(MonitoringVariables.ACCESS_CREATED, true);
		assertThat(this.lab.proxmox().vms()).filteredOn(v -> v.name().equals("prometheus")).hasSize(1);
		assertThat(this.lab.monitoring().prometheus().listening(prometheusVm().vmid())).contains(PROMETHEUS + ":9090");
		// another run adopts the access and would not remove it
		assertThat(this.runs.run("k3s-monitoring-access", "other", Map.of()).variables())
			.containsEntry(MonitoringVariables.ACCESS_CREATED, false);

		this.runs.run("destroy-vm", "mon-2", Map.of("vmName", "prometheus"));
		this.runs.run("k3s-monitoring-access-remove", "mon-2", Map.of(MonitoringVariables.ACCESS_CREATED, true));

		assertThat(this.lab.proxmox().vms()).noneMatch(v -> v.name().equals("prometheus"));
		assertThat(listening(PROMETHEUS, 9090)).as("Prometheus killed with its VM").isFalse();
		var client = this.lab.kubernetes().client();
		assertThat(client.serviceAccounts().inNamespace("kube-system").withName("prometheus-homelab").get()).isNull();
		assertThat(client.secrets().inNamespace("kube-system").withName("prometheus-homelab-token").get()).isNull();
		assertThat(client.rbac().clusterRoles().withName("prometheus-homelab").get()).isNull();
		assertThat(client.rbac().clusterRoleBindings().withName("prometheus-homelab").get()).isNull();
	}

	@Test
	void theLabRunsTheRealPrometheusWhereItIsInstalled() {
		org.homelab.rollout.support.Tool.PROMETHEUS.require("the lab running the real Prometheus is");
		this.runs.run("provision-vm", "mon-3", Map.of("vmName", "prometheus"));
		this.runs.run("k3s-monitoring-access", "mon-3", Map.of());
		this.runs.run("prometheus-install", "mon-3", Map.of("vmName", "prometheus"));
		// the real one answers its build info; the simulated one has no such endpoint
		var answer = new MonitoringHttp(new okhttp3.OkHttpClient(), "Prometheus")
			.get("http://" + PROMETHEUS + ":9090/api/v1/status/buildinfo", null);
		assertThat(answer.status()).isEqualTo(200);
		assertThat(answer.body()).contains("2.42");
	}

	private VmView prometheusVm() {
		return this.lab.proxmox().vms().stream().filter(v -> v.name().equals("prometheus")).findFirst().orElseThrow();
	}

	private boolean criterion() {
		return Boolean.TRUE.equals(criteria().get("prometheusCollectingMet"));
	}

	private Map<String, Object> criteria() {
		return this.runs.run("monitoring-criteria-test", "criteria", Map.of()).variables();
	}

	static boolean listening(String host, int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(host, port), 500);
			return true;
		}
		catch (java.io.IOException ex) {
			return false;
		}
	}

}
