package org.homelab.rollout.monitoring;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.homelab.rollout.inventory.FrontendServer;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.inventory.K3sCluster;
import org.homelab.rollout.inventory.K3sCluster.K3sNode;
import org.homelab.rollout.inventory.K3sCluster.Placement;
import org.homelab.rollout.inventory.K3sCluster.Role;
import org.homelab.rollout.inventory.NetworkPlan;
import org.homelab.rollout.inventory.PlannedVm;
import org.homelab.rollout.inventory.ProxmoxSite;
import org.homelab.rollout.tools.ToolResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the project generates for the Prometheus VM and ships as rules, checked by the
 * real promtool: the generated configuration loads (every file it names resolved next to
 * it), the rules load, and their unit tests pass.
 */
public class PrometheusConfigTests {

	static final Path RULES = Path.of("deploy/prometheus/rules");

	static final ClusterMonitoringAccess.Credentials CLUSTER = new ClusterMonitoringAccess.Credentials("eyJ.test.token",
			"-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");

	@BeforeAll
	static void promtool() {
		Promtool.assumeInstalled();
	}

	public static Inventory homelab() {
		K3sCluster k3s = new K3sCluster(
				"", "apiVersion: v1", null, null, List.of(new K3sNode("k3s-cp-1", Role.CONTROL_PLANE, false),
						new K3sNode("k3s-w-1", Role.WORKER, true), new K3sNode("k3s-w-2", Role.WORKER, false)),
				new Placement("k3s-cp-1", "k3s-w-1", "k3s-w-2"));
		ProxmoxSite proxmox = new ProxmoxSite(URI.create("https://pve.homelab.lan:8006/api2/json"), List.of("pve"),
				"rollout@pve!engine", null, "PROXMOX_TOKEN_SECRET", "/etc/ca.pem", null,
				new ProxmoxSite.Template(9000, "debian-12-cloudinit"), "local-lvm", "local", "vmbr0");
		NetworkPlan network = new NetworkPlan(NetworkPlan.Mode.STATIC, "192.168.1.0/24", "192.168.1.1", "homelab.lan",
				List.of("192.168.1.1"));
		return new Inventory(proxmox, network, k3s, new FrontendServer("frontend.homelab.lan", "192.168.1.10"),
				List.of(new PlannedVm("prometheus", 2, 4096, 50, "192.168.1.21")));
	}

	public static MonitoringProperties properties() {
		return new MonitoringProperties(Path.of("deploy/prometheus"), Path.of("deploy/grafana"), "prometheus", 9090,
				3000, 9100, "kube-system", "prometheus-homelab", Map.of(), null, Path.of("target/monitoring"),
				java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(15));
	}

	static final Map<String, String> NODES = Map.of("k3s-cp-1", "192.168.1.30", "k3s-w-1", "192.168.1.31", "k3s-w-2",
			"192.168.1.32");

	@Test
	void theGeneratedConfigurationPassesPromtoolCheckConfig(@TempDir Path vm) throws Exception {
		ScrapePlan plan = new ScrapePlans(homelab(), properties()).plan("192.168.1.21", NODES,
				"https://192.168.1.30:6443", URI.create("https://vault.homelab.lan:8200"), true);
		Path etc = writeInto(vm, PrometheusFiles.of(plan, "homelab.lan", RULES, CLUSTER, CLUSTER.caPem()));

		ToolResult check = Promtool.run(etc, "check", "config", "prometheus.yml");

		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(check.output()).contains("SUCCESS: prometheus.yml is valid").contains("SUCCESS: 5 rules found");
		String yaml = Files.readString(etc.resolve("prometheus.yml"))
				+ Files.readString(etc.resolve("targets/nodes.json"));
		assertThat(yaml)
			.contains("192.168.1.30:9100", "192.168.1.31:9100", "192.168.1.32:9100", "pve.homelab.lan:9100",
					"192.168.1.10:9100", "rollout.homelab.lan:8080", "/actuator/prometheus", "vault.homelab.lan:8200",
					"/v1/sys/metrics", "192.168.1.10:3000", "192.168.1.30:6443")
			.contains("credentials_file: k3s/token")
			.doesNotContain(CLUSTER.token());
	}

	@Test
	void withGitlabTheConfigurationScrapesGitlabAndItsRunnersAndKeepsEveryPhaseOneTarget(@TempDir Path vm)
			throws Exception {
		ScrapePlans plans = new ScrapePlans(gitlabHomelab(), properties());
		ScrapePlan phase1 = plans.plan("192.168.1.21", NODES, "https://192.168.1.30:6443",
				URI.create("https://vault.homelab.lan:8200"), true);
		ScrapePlan phase2 = phase1.withGitlab(plans.gitlab());
		Path etc = writeInto(vm, PrometheusFiles.of(phase2, "homelab.lan", RULES, CLUSTER, CLUSTER.caPem()));

		ToolResult check = Promtool.run(etc, "check", "config", "prometheus.yml");

		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(check.output()).contains("SUCCESS: prometheus.yml is valid").contains("SUCCESS: 5 rules found");
		String yaml = Files.readString(etc.resolve("prometheus.yml"));
		String nodes = Files.readString(etc.resolve("targets/nodes.json"));
		assertThat(PrometheusConfig.scrapesGitlab(yaml)).isTrue();
		assertThat(yaml).contains("job_name: gitlab\n", "192.168.1.23:80", "/-/metrics", "job_name: gitlab-exporter",
				"192.168.1.23:9168", "job_name: gitlab-runner",
				"/api/v1/namespaces/gitlab-runner/services/gitlab-runner-gpu:metrics/proxy/metrics",
				"/api/v1/namespaces/gitlab-runner/services/gitlab-runner-general:metrics/proxy/metrics");
		assertThat(nodes).contains("192.168.1.23:9100", "\"gitlab-ce\"");
		// every line of Phase 1's configuration is still there; removing GitLab gives it
		// back exactly
		String before = PrometheusConfig.render(phase1, "homelab.lan");
		assertThat(yaml.lines().toList()).containsAll(before.lines().toList());
		assertThat(PrometheusConfig.render(phase2.withGitlab(null), "homelab.lan")).isEqualTo(before);
		assertThat(PrometheusConfig.nodeTargets(phase2.withGitlab(null).nodes()))
			.isEqualTo(PrometheusConfig.nodeTargets(phase1.nodes()));
		assertThat(PrometheusConfig.scrapesGitlab(before)).isFalse();
	}

	@Test
	void withoutAGitlabVmInTheInventoryGitlabCannotBeScrapedAndSaysWhy() {
		assertThatThrownBy(() -> new ScrapePlans(homelab(), properties()).gitlab())
			.hasMessageContaining("no VM 'gitlab-ce'");
	}

	@Test
	void theGitlabRulesPassCheckRulesAndTheirUnitTests() throws Exception {
		ToolResult check = Promtool.run(RULES, "check", "rules", "gitlab.rules.yml");
		ToolResult test = Promtool.run(RULES, "test", "rules", "gitlab.rules.test.yml");

		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(check.output()).contains("SUCCESS: 5 rules found");
		assertThat(test.exitCode()).as(test.output()).isZero();
		assertThat(test.output()).contains("SUCCESS");
		assertThat(PrometheusFiles.shippedAlerts(Path.of("deploy/prometheus"))).contains("GitLabCEDown",
				"GitLabCENotReady", "GitLabRunnerDown", "GitLabRunnerNoneOnline", "NodeDown");
	}

	@Test
	void withArgocdTheConfigurationScrapesItsControllerAndTheAnsibleVmAndKeepsPhaseTwo(@TempDir Path vm)
			throws Exception {
		ScrapePlans plans = new ScrapePlans(gitopsHomelab(), properties());
		ScrapePlan phase2 = plans
			.plan("192.168.1.21", NODES, "https://192.168.1.30:6443", URI.create("https://vault.homelab.lan:8200"),
					true)
			.withGitlab(plans.gitlab());
		ScrapePlan phase3 = phase2.withGitops(plans.gitops());
		Path etc = writeInto(vm, PrometheusFiles.of(phase3, "homelab.lan", RULES, CLUSTER, CLUSTER.caPem()));

		ToolResult check = Promtool.run(etc, "check", "config", "prometheus.yml");

		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(check.output()).contains("SUCCESS: prometheus.yml is valid").contains("SUCCESS: 3 rules found");
		String yaml = Files.readString(etc.resolve("prometheus.yml"));
		String nodes = Files.readString(etc.resolve("targets/nodes.json"));
		assertThat(PrometheusConfig.scrapesArgocd(yaml)).isTrue();
		assertThat(PrometheusConfig.scrapesGitlab(yaml)).isTrue();
		// through the API server, with the monitoring service account's token, as the
		// runners
		assertThat(yaml).contains("job_name: argocd\n",
				"metrics_path: /api/v1/namespaces/argocd/services/argocd-application-controller-metrics:http-metrics/proxy/metrics");
		assertThat(nodes).contains("192.168.1.24:9100", "\"ansible\"");
		String before = PrometheusConfig.render(phase2, "homelab.lan");
		assertThat(yaml.lines().toList()).containsAll(before.lines().toList());
		assertThat(PrometheusConfig.render(phase3.withGitops(null), "homelab.lan")).isEqualTo(before);
		assertThat(PrometheusConfig.nodeTargets(phase3.withGitops(null).nodes()))
			.isEqualTo(PrometheusConfig.nodeTargets(phase2.nodes()));
		assertThat(PrometheusConfig.scrapesArgocd(before)).isFalse();
	}

	@Test
	void withoutAnAnsibleVmInTheInventoryArgocdIsStillScraped() {
		GitopsTargets targets = new ScrapePlans(homelab(), properties()).gitops();
		assertThat(targets.ansible()).isNull();
		ScrapePlans plans = new ScrapePlans(homelab(), properties());
		ScrapePlan plan = plans.plan("192.168.1.21", NODES, "https://192.168.1.30:6443", null, false);
		assertThat(plan.withGitops(targets).nodes()).isEqualTo(plan.nodes());
		assertThat(PrometheusConfig.render(plan.withGitops(targets), "homelab.lan")).contains("job_name: argocd\n");
	}

	@Test
	void theArgocdRulesPassCheckRulesAndTheirUnitTests() throws Exception {
		ToolResult check = Promtool.run(RULES, "check", "rules", "argocd.rules.yml");
		ToolResult test = Promtool.run(RULES, "test", "rules", "argocd.rules.test.yml");

		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(check.output()).contains("SUCCESS: 3 rules found");
		assertThat(test.exitCode()).as(test.output()).isZero();
		assertThat(test.output()).contains("SUCCESS");
		assertThat(PrometheusFiles.shippedAlerts(Path.of("deploy/prometheus"))).contains("ArgoCDAppOutOfSync",
				"ArgoCDAppDegraded", "ArgoCDControllerDown");
	}

	@Test
	void theEngineRulesPassCheckRulesAndTheirUnitTests() throws Exception {
		ToolResult check = Promtool.run(RULES, "check", "rules", "rollout.rules.yml");
		ToolResult test = Promtool.run(RULES, "test", "rules", "rollout.rules.test.yml");

		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(check.output()).contains("SUCCESS: 2 rules found");
		assertThat(test.exitCode()).as(test.output()).isZero();
		assertThat(test.output()).contains("SUCCESS");
		assertThat(PrometheusFiles.shippedAlerts(Path.of("deploy/prometheus"))).contains("RolloutCriterionNotMet",
				"RolloutIncidentOpen");
	}

	@Test
	void theBackupRulesPassCheckRulesAndTheirUnitTests() throws Exception {
		ToolResult check = Promtool.run(RULES, "check", "rules", "backup.rules.yml");
		ToolResult test = Promtool.run(RULES, "test", "rules", "backup.rules.test.yml");

		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(check.output()).contains("SUCCESS: 5 rules found");
		assertThat(test.exitCode()).as(test.output()).isZero();
		assertThat(test.output()).contains("SUCCESS");
		// the integration matrix counts a rule for Proxmox Backup by this prefix
		assertThat(PrometheusFiles.shippedAlerts(Path.of("deploy/prometheus"))).contains("ProxmoxBackupTooOld",
				"ProxmoxBackupVerifyFailed", "ProxmoxBackupDatastoreFull", "ProxmoxBackupExporterDown",
				"ProxmoxBackupApiDown");
	}

	@Test
	void withTheBackupExporterTheConfigurationScrapesItAndKeepsPhaseThree(@TempDir Path vm) throws Exception {
		ScrapePlans plans = new ScrapePlans(backupHomelab(), properties());
		ScrapePlan phase3 = plans
			.plan("192.168.1.21", NODES, "https://192.168.1.30:6443", URI.create("https://vault.homelab.lan:8200"),
					true)
			.withGitlab(plans.gitlab())
			.withGitops(plans.gitops());
		ScrapePlan phase4 = phase3.withBackup(plans.backup());
		Path etc = writeInto(vm, PrometheusFiles.of(phase4, "homelab.lan", RULES, CLUSTER, CLUSTER.caPem()));

		ToolResult check = Promtool.run(etc, "check", "config", "prometheus.yml");

		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(check.output()).contains("SUCCESS: prometheus.yml is valid");
		String yaml = Files.readString(etc.resolve("prometheus.yml"));
		assertThat(PrometheusConfig.scrapesBackup(yaml)).isTrue();
		assertThat(PrometheusConfig.scrapesArgocd(yaml)).isTrue();
		// the matrix's service id, the exporter's default port and path
		assertThat(yaml).contains("job_name: proxmox-backup\n", "- 192.168.1.25:10019\n");
		String before = PrometheusConfig.render(phase3, "homelab.lan");
		assertThat(yaml.lines().toList()).containsAll(before.lines().toList());
		assertThat(PrometheusConfig.render(phase4.withBackup(null), "homelab.lan")).isEqualTo(before);
		assertThat(PrometheusConfig.scrapesBackup(before)).isFalse();
		assertThat(phase4.withGitlab(null).withGitops(null).backup()).isEqualTo(phase4.backup());
	}

	@Test
	void withoutAProxmoxBackupVmTheExporterCannotBeScrapedAndSaysWhy() {
		assertThatThrownBy(() -> new ScrapePlans(gitopsHomelab(), properties()).backup())
			.hasMessageContaining("no VM 'proxmox-backup'");
		Inventory unplanned = new Inventory(homelab().proxmox(), homelab().network(), homelab().k3s(),
				homelab().frontend(), List.of(new PlannedVm("proxmox-backup", 2, 4096, 500, null)));
		assertThat(new ScrapePlans(unplanned, properties()).backup().exporter())
			.isEqualTo("proxmox-backup.homelab.lan:10019");
	}

	static Inventory backupHomelab() {
		Inventory homelab = homelab();
		return new Inventory(homelab.proxmox(), homelab.network(), homelab.k3s(), homelab.frontend(),
				List.of(new PlannedVm("prometheus", 2, 4096, 50, "192.168.1.21"),
						new PlannedVm("gitlab-ce", 4, 8192, 100, "192.168.1.23"),
						new PlannedVm("ansible", 2, 4096, 50, "192.168.1.24"),
						new PlannedVm("proxmox-backup", 2, 4096, 500, "192.168.1.25")));
	}

	public static Inventory gitopsHomelab() {
		Inventory homelab = homelab();
		return new Inventory(homelab.proxmox(), homelab.network(), homelab.k3s(), homelab.frontend(),
				List.of(new PlannedVm("prometheus", 2, 4096, 50, "192.168.1.21"),
						new PlannedVm("gitlab-ce", 4, 8192, 100, "192.168.1.23"),
						new PlannedVm("ansible", 2, 4096, 50, "192.168.1.24")));
	}

	static Inventory gitlabHomelab() {
		Inventory homelab = homelab();
		return new Inventory(homelab.proxmox(), homelab.network(), homelab.k3s(), homelab.frontend(),
				List.of(new PlannedVm("prometheus", 2, 4096, 50, "192.168.1.21"),
						new PlannedVm("gitlab-ce", 4, 8192, 100, "192.168.1.23")));
	}

	@Test
	void promtoolRefusesAConfigurationWhoseTokenFileIsMissing(@TempDir Path vm) throws Exception {
		ScrapePlan plan = new ScrapePlans(homelab(), properties()).plan("192.168.1.21", NODES,
				"https://192.168.1.30:6443", null, false);
		Path etc = writeInto(vm, PrometheusFiles.of(plan, "homelab.lan", RULES, CLUSTER, null));
		Files.delete(etc.resolve(PrometheusConfig.TOKEN));

		ToolResult check = Promtool.run(etc, "check", "config", "prometheus.yml");

		// proves the check above reads the files the configuration names, not just its
		// syntax
		assertThat(check.exitCode()).as(check.output()).isNotZero();
		assertThat(check.output()).contains("k3s/token");
	}

	@Test
	void theShippedRulesPassCheckRulesAndTheirUnitTests() throws Exception {
		ToolResult check = Promtool.run(RULES, "check", "rules", "homelab.rules.yml");
		ToolResult test = Promtool.run(RULES, "test", "rules", "homelab.rules.test.yml");

		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(test.exitCode()).as(test.output()).isZero();
		assertThat(test.output()).contains("SUCCESS");
	}

	@Test
	void aNodeTheClusterDoesNotReportStopsTheConfigurationWithTheNodeNamed() {
		ScrapePlans plans = new ScrapePlans(homelab(), properties());
		assertThatThrownBy(
				() -> plans.plan("192.168.1.21", Map.of("k3s-cp-1", "192.168.1.30"), "https://x:6443", null, false))
			.hasMessageContaining("no node 'k3s-w-1'");
	}

	@Test
	void grafanaProvisioningPointsAtPrometheusAndCarriesTheShippedDashboards() throws Exception {
		Map<String, String> files = GrafanaProvisioning.files("http://192.168.1.21:9090",
				PrometheusFiles.dashboards(Path.of("deploy/grafana")), "run-1");
		assertThat(files.get(GrafanaProvisioning.DATASOURCE)).contains("url: http://192.168.1.21:9090",
				"uid: homelab-prometheus");
		assertThat(files).containsKeys(GrafanaProvisioning.DASHBOARDS + "/node-overview.json",
				GrafanaProvisioning.DASHBOARDS + "/k3s.json", GrafanaProvisioning.DASHBOARDS + "/vault.json",
				GrafanaProvisioning.DASHBOARDS + "/gitlab.json", GrafanaProvisioning.DASHBOARDS + "/argocd.json",
				GrafanaProvisioning.DASHBOARDS + "/backup.json");
		for (String dashboard : List.of("node-overview.json", "k3s.json", "vault.json", "gitlab.json", "argocd.json",
				"backup.json")) {
			var json = MonitoringHttp.JSON.readTree(files.get(GrafanaProvisioning.DASHBOARDS + "/" + dashboard));
			assertThat(json.path("uid").asText()).startsWith("homelab-");
			json.path("panels")
				.forEach(panel -> assertThat(panel.path("datasource").path("uid").asText())
					.isEqualTo(GrafanaProvisioning.DATASOURCE_UID));
		}
	}

	@Test
	void everyPanelQueryOfTheShippedDashboardsIsPromqlPromtoolParses(@TempDir Path dir) throws Exception {
		// promtool has no query check of its own: each query becomes a recording rule
		StringBuilder rules = new StringBuilder("groups:\n  - name: dashboards\n    rules:\n");
		int queries = 0;
		for (String json : PrometheusFiles.dashboards(Path.of("deploy/grafana")).values()) {
			for (var panel : MonitoringHttp.JSON.readTree(json).path("panels")) {
				for (var target : panel.path("targets")) {
					rules.append("      - record: panel:query:")
						.append(queries++)
						.append("\n        expr: ")
						.append(MonitoringHttp.JSON.writeValueAsString(target.path("expr").asText()))
						.append('\n');
				}
			}
		}
		Files.writeString(dir.resolve("panels.rules.yml"), rules);

		ToolResult check = Promtool.run(dir, "check", "rules", "panels.rules.yml");

		assertThat(check.exitCode()).as(check.output()).isZero();
		assertThat(check.output()).contains("SUCCESS: " + queries + " rules found");
	}

	/**
	 * Files as they land in the VM, under a temporary root; returns the copy of
	 * /etc/prometheus.
	 */
	static Path writeInto(Path root, Map<String, String> files) throws Exception {
		for (Map.Entry<String, String> file : files.entrySet()) {
			Path target = root.resolve(file.getKey().substring(1));
			Files.createDirectories(target.getParent());
			Files.writeString(target, file.getValue());
		}
		return root.resolve(PrometheusConfig.DIR.substring(1));
	}

}
