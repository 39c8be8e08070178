package org.homelab.rollout.matrix;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.homelab.rollout.matrix.MatrixCheck.Observed;
import org.homelab.rollout.monitoring.PrometheusOperations.AlertRule;
import org.homelab.rollout.monitoring.PrometheusOperations.Target;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What "integrates" means for each kind of cell, checked on what the systems showed. */
class MatrixCheckTests {

	final MatrixCheck check = new MatrixCheck(IntegrationMatrix.PLAN);

	static final List<AlertRule> RULES = List.of(alert("TargetDown"), alert("VaultSealed"),
			alert("PrometheusConfigReloadFailed"), alert("NodeDown"));

	@Test
	void phaseOneIsMetWhenEachServiceIsScrapedUpWithARuleAndHasItsDashboard() {
		Observed observed = new Observed(List.of(up("prometheus"), up("grafana"), up("vault"), up("node")), RULES, null,
				Set.of("homelab-nodes", "homelab-vault", "homelab-k3s"), null);
		MatrixCheck.Result result = this.check.check(1, observed);
		assertThat(result.criterion().met()).as(result.criterion().result()).isTrue();
		assertThat(result.criterion().result()).contains("All 4 cells");
		assertThat(result.cells()).hasSize(IntegrationMatrix.PLAN.cells().size());
		assertThat(result.table()).contains(
				"Vault \u2705 Prometheus: MET (job vault [127.0.0.1:1 up]; alerting rules [TargetDown, VaultSealed])",
				"Vault \u2705 Grafana: MET (dashboard homelab-vault provisioned)",
				"Grafana \u2705 Prometheus: MET (job grafana [127.0.0.1:1 up]; alerting rules [TargetDown])",
				"GitLab CE \u2705 Vault: comes with Phase 2", "Proxmox Backup \u2705 Ansible: comes with Phase 4");
	}

	@Test
	void aTargetDownOrMissingOrWithoutARuleOrADashboardMissingIsNotMet() {
		Observed observed = new Observed(
				List.of(up("prometheus"), new Target("vault", "127.0.0.1:1", Map.of(), "down", "refused")),
				List.of(alert("VaultSealed")), null, Set.of("homelab-nodes"), null);
		MatrixCheck.Result result = this.check.check(1, observed);
		assertThat(result.criterion().met()).isFalse();
		assertThat(result.criterion().result()).startsWith("3 of 4 cells")
			.contains("Grafana \u2705 Prometheus", "Vault \u2705 Prometheus", "Vault \u2705 Grafana");
		assertThat(result.table()).contains("Grafana \u2705 Prometheus: NOT MET (no target of job grafana",
				"Vault \u2705 Prometheus: NOT MET (job vault [127.0.0.1:1 down]",
				"Vault \u2705 Grafana: NOT MET (dashboard homelab-vault missing)",
				"Prometheus \u2705 Grafana: MET (dashboard homelab-nodes provisioned)");
	}

	@Test
	void aSystemThatCouldNotBeAskedMakesItsCellsUnmetSayingWhy() {
		Observed observed = new Observed(null, List.of(), "http://127.0.10.21:9090: connection refused", null,
				"the engine has no Viewer token in /x");
		MatrixCheck.Result result = this.check.check(1, observed);
		assertThat(result.criterion().met()).isFalse();
		assertThat(result.table()).contains("Prometheus not asked: http://127.0.10.21:9090: connection refused",
				"Grafana not asked: the engine has no Viewer token in /x");
	}

	@Test
	void proxmoxBackupsCellsAreNotMetWhenTheBackupsCouldNotBeAsked() {
		Observed observed = new Observed(List.of(), RULES, null, Set.of(), null);
		assertThat(this.check.check(4, observed).table())
			.contains("Proxmox Backup \u2705 ArgoCD: NOT MET (Proxmox VE not asked for backups: no look at Phase 4's");
		Observed refused = withPhase4(observed, Phase4Observed.failed("pbs-homelab", "HTTP 403: permission denied"));
		assertThat(this.check.check(4, refused).table())
			.contains("Proxmox Backup \u2705 Ansible: NOT MET (Proxmox VE not asked for backups: HTTP 403");
	}

	@Test
	void proxmoxBackupMeetsAServiceWhenEveryVmItIsRecoveredFromHasABackup() {
		Instant last = Instant.parse("2026-12-07T02:30:00Z");
		Observed observed = withPhase4(new Observed(List.of(), RULES, null, Set.of(), null),
				Phase4Observed.of("pbs-homelab", Map.of("gitlab-ce", last, "ansible", last)));
		String table = this.check.check(4, observed).table();
		assertThat(table)
			.contains("Proxmox Backup \u2705 GitLab CE: MET (backups on pbs-homelab: gitlab-ce 2026-12-07T02:30:00Z)")
			.contains("Proxmox Backup \u2705 Ansible: MET (backups on pbs-homelab: ansible 2026-12-07T02:30:00Z)")
			// the K3s workloads come back from GitLab's projects and Vault's credentials
			.contains("Proxmox Backup \u2705 ArgoCD: NOT MET (backups on pbs-homelab: gitlab-ce 2026-12-07T02:30:00Z;"
					+ " no backup of vault)")
			.contains("Proxmox Backup \u2705 GitLab Runner: NOT MET");
	}

	private static Observed withPhase4(Observed observed, Phase4Observed phase4) {
		return new Observed(observed.targets(), observed.alertRules(), observed.prometheusProblem(),
				observed.dashboards(), observed.grafanaProblem(), observed.credentials(), observed.vaultProblem(),
				observed.runnerRequests(), observed.phase3(), phase4);
	}

	@Test
	void proxmoxBackupIsShownInGrafanaByItsOwnDashboard() {
		assertThat(this.check.check(4, new Observed(List.of(), RULES, null, Set.of("homelab-backup"), null)).table())
			.contains("Proxmox Backup \u2705 Grafana: MET (dashboard homelab-backup provisioned)");
		assertThat(this.check.check(4, new Observed(List.of(), RULES, null, Set.of("homelab-argocd"), null)).table())
			.contains("Proxmox Backup \u2705 Grafana: NOT MET (dashboard homelab-backup missing)");
	}

	static final List<AlertRule> GITLAB_RULES = List.of(alert("TargetDown"), alert("VaultSealed"),
			alert("GitLabCEDown"), alert("GitLabCENotReady"), alert("GitLabRunnerDown"),
			alert("GitLabRunnerNoneOnline"));

	static final Map<String, Boolean> CREDENTIALS = Map.of("gitlab/root-password", true, "gitlab/engine-token", true,
			"gitlab/runner-gpu", true, "gitlab/runner-general", true);

	@Test
	void phaseTwoIsMetWhenGitlabAndItsRunnersAreScrapedCoveredShownAndTheirCredentialsInVault() {
		Observed observed = new Observed(
				List.of(up("prometheus"), up("grafana"), up("vault"), up("gitlab"), up("gitlab-exporter"),
						up("gitlab-runner"), up("gitlab-runner")),
				GITLAB_RULES, null, Set.of("homelab-nodes", "homelab-vault", "homelab-gitlab"), null, CREDENTIALS, null,
				Map.of("gitlab-runner-gpu", 12.0, "gitlab-runner-general", 9.0));
		MatrixCheck.Result result = this.check.check(2, observed);
		assertThat(result.criterion().met()).as(result.table()).isTrue();
		assertThat(result.criterion().result()).contains("All 11 cells");
		assertThat(result.table()).contains(
				"GitLab CE \u2705 Prometheus: MET (job gitlab+gitlab-exporter [127.0.0.1:1 up, 127.0.0.1:1 up]; "
						+ "alerting rules [GitLabCEDown, GitLabCENotReady, TargetDown])",
				"GitLab CE \u2705 Grafana: MET (dashboard homelab-gitlab provisioned)",
				"GitLab CE \u2705 Vault: MET (credentials in Vault [gitlab/root-password, gitlab/engine-token])",
				"GitLab Runner \u2705 Vault: MET (credentials in Vault [gitlab/runner-gpu, gitlab/runner-general])",
				"GitLab Runner \u2705 GitLab CE: MET (runners asking GitLab for jobs [gitlab-runner-general, "
						+ "gitlab-runner-gpu])",
				"ArgoCD \u2705 GitLab CE: comes with Phase 3");
	}

	@Test
	void phaseTwoWithoutGitlabSaysWhatIsMissingWhilePhaseOneStaysMet() {
		Observed observed = new Observed(List.of(up("prometheus"), up("grafana"), up("vault")), RULES, null,
				Set.of("homelab-nodes", "homelab-vault"), null, Map.of("gitlab/root-password", false), null, Map.of());
		assertThat(this.check.check(1, observed).criterion().met()).isTrue();
		MatrixCheck.Result result = this.check.check(2, observed);
		assertThat(result.criterion().met()).isFalse();
		assertThat(result.criterion().result()).startsWith("7 of 11 cells");
		assertThat(result.table()).contains(
				"GitLab CE \u2705 Prometheus: NOT MET (no target of job gitlab+gitlab-exporter; alerting rules [TargetDown])",
				"GitLab CE \u2705 Grafana: NOT MET (dashboard homelab-gitlab missing)",
				"GitLab CE \u2705 Vault: NOT MET (not in Vault: [gitlab/root-password, gitlab/engine-token])",
				"GitLab Runner \u2705 GitLab CE: NOT MET (no runner reports requests to GitLab)");
	}

	@Test
	void gitlabUpButItsExporterMissingOrARunnerSilentIsNotMet() {
		Observed observed = new Observed(List.of(up("gitlab"), up("gitlab-runner")), GITLAB_RULES, null, Set.of(), null,
				CREDENTIALS, null, Map.of("gitlab-runner-gpu", 3.0, "gitlab-runner-general", 0.0));
		String table = this.check.check(2, observed).table();
		assertThat(table).contains("GitLab CE \u2705 Prometheus: NOT MET (job gitlab+gitlab-exporter [127.0.0.1:1 up]",
				"GitLab Runner \u2705 GitLab CE: NOT MET (runners asking GitLab for jobs");
		Observed vaultDown = new Observed(List.of(), GITLAB_RULES, null, Set.of(), null, null,
				"https://127.0.10.22:8200: connection refused", null);
		assertThat(this.check.check(2, vaultDown).table()).contains(
				"GitLab CE \u2705 Vault: NOT MET (Vault not asked: https://127.0.10.22:8200: connection refused)");
	}

	static final List<AlertRule> ARGOCD_RULES = List.of(alert("TargetDown"), alert("VaultSealed"), alert("NodeDown"),
			alert("GitLabCEDown"), alert("GitLabCENotReady"), alert("GitLabRunnerDown"), alert("ArgoCDAppOutOfSync"),
			alert("ArgoCDAppDegraded"), alert("ArgoCDControllerDown"));

	@Test
	void phaseThreesMonitoringCellsAreMetWhenArgocdAndTheAnsibleVmAreScrapedCoveredShownAndInVault() {
		Map<String, Boolean> credentials = new java.util.HashMap<>(CREDENTIALS);
		credentials.putAll(Map.of("argocd/admin-password", true, "ansible/proxmox-token", true,
				"ansible/gitlab-deploy-token", true));
		Observed observed = new Observed(
				List.of(up("prometheus"), up("grafana"), up("vault"), up("gitlab"), up("gitlab-exporter"),
						up("gitlab-runner"), up("argocd"), node("ansible", "up"), node("k3s", "down")),
				ARGOCD_RULES, null, Set.of("homelab-nodes", "homelab-vault", "homelab-gitlab", "homelab-argocd"), null,
				credentials, null, Map.of("gitlab-runner-gpu", 12.0, "gitlab-runner-general", 9.0));
		MatrixCheck.Result result = this.check.check(3, observed);
		assertThat(result.table()).contains(
				"ArgoCD \u2705 Prometheus: MET (job argocd [127.0.0.1:1 up]; alerting rules [ArgoCDAppDegraded, "
						+ "ArgoCDAppOutOfSync, ArgoCDControllerDown, TargetDown])",
				"ArgoCD \u2705 Grafana: MET (dashboard homelab-argocd provisioned)",
				"ArgoCD \u2705 Vault: MET (credentials in Vault [argocd/admin-password])",
				// another group's node exporter down is not the ansible VM's
				"Ansible \u2705 Prometheus: MET (job node (group ansible) [127.0.0.1:9100 up]; alerting rules [NodeDown])",
				"Ansible \u2705 Grafana: MET (dashboard homelab-argocd provisioned)",
				"Ansible \u2705 Vault: MET (credentials in Vault [ansible/proxmox-token, ansible/gitlab-deploy-token])",
				"Proxmox Backup \u2705 Prometheus: comes with Phase 4");
		// what monitoring cannot tell needs Phase 3's looks: without them unmet, saying
		// so
		assertThat(result.table()).contains(
				"ArgoCD \u2705 GitLab CE: NOT MET (Argo CD not asked: not asked before Phase 3)",
				"ArgoCD \u2705 GitLab Runner: NOT MET (GitLab's pipelines not asked: not asked before Phase 3)",
				"Ansible \u2705 GitLab CE: NOT MET (checkout not looked at: not asked before Phase 3)",
				"Ansible \u2705 GitLab Runner: NOT MET (GitLab's pipelines not asked",
				"Ansible \u2705 ArgoCD: NOT MET (Argo CD not asked");
		assertThat(result.criterion().met()).isFalse();
		assertThat(result.criterion().result()).startsWith("5 of 22 cells");

		MatrixCheck.Result whole = this.check.check(3, withPhase3(observed, phase3()));
		assertThat(whole.criterion().met()).as(whole.table()).isTrue();
		assertThat(whole.criterion().result())
			.isEqualTo("All 22 cells of the integration matrix Phase 3 makes real are met");
		assertThat(whole.table()).contains(
				"ArgoCD \u2705 GitLab CE: MET (repository " + GITOPS + " Successful; Applications [root, smoke] from "
						+ GITLAB + ")",
				"ArgoCD \u2705 GitLab Runner: MET (homelab/gitops pipeline 7 success: [yamllint success on runner #2 "
						+ "'k3s-w-2 general'])",
				"Ansible \u2705 GitLab CE: MET (/srv/ansible at main 0123abcd as in GitLab)",
				"Ansible \u2705 GitLab Runner: MET (homelab/ansible pipeline 9 success: [syntax-check success on runner #2"
						+ " 'k3s-w-2 general', ansible-lint success on runner #2 'k3s-w-2 general'])",
				"Ansible \u2705 ArgoCD: MET (Argo CD deploys [root, smoke] into K3s; Ansible's newest run kept "
						+ "[ansible, gitlab-ce, prometheus, vault] (failed=0, unreachable=0), no K3s node)");
	}

	static final String GITLAB = "https://gitlab.homelab.lan/";

	static final String GITOPS = GITLAB + "homelab/gitops.git";

	static final String HEAD = "0123abcd0123abcd0123abcd0123abcd0123abcd";

	static final Phase3Observed.Recap CLEAN = new Phase3Observed.Recap(5, 0, 0, 0);

	static Phase3Observed.ArgoCdSources argocd(String status, Map<String, String> repos,
			Map<String, String> destinations) {
		return new Phase3Observed.ArgoCdSources(GITLAB, GITOPS, status,
				"Failed".equals(status) ? "Unable to connect to repository: authentication required" : "", repos,
				destinations, Set.of("k3s-cp-1", "k3s-w-1", "k3s-w-2"));
	}

	static Phase3Observed.ArgoCdSources argocd() {
		return argocd("Successful", Map.of("root", GITOPS, "smoke", GITOPS),
				Map.of("root", MatrixCheck.IN_CLUSTER, "smoke", MatrixCheck.IN_CLUSTER));
	}

	static Phase3Observed.PipelineJob job(String name, String status, String runner) {
		return new Phase3Observed.PipelineJob(name, status, List.of("general"), runner);
	}

	static Phase3Observed.ProjectPipeline pipeline(String project, long id, String status,
			Phase3Observed.PipelineJob... jobs) {
		return new Phase3Observed.ProjectPipeline(project, "main", id, status, List.of(jobs));
	}

	static Phase3Observed.AnsibleRun run(Map<String, Phase3Observed.Recap> hosts) {
		return new Phase3Observed.AnsibleRun("/var/log/ansible/ansible.log", hosts);
	}

	static Phase3Observed phase3() {
		String general = "runner #2 'k3s-w-2 general'";
		return new Phase3Observed(Phase3Observed.Seen.of(argocd()),
				Map.of(Service.ARGOCD,
						Phase3Observed.Seen
							.of(pipeline("homelab/gitops", 7, "success", job("yamllint", "success", general))),
						Service.ANSIBLE,
						Phase3Observed.Seen.of(pipeline("homelab/ansible", 9, "success",
								job("syntax-check", "success", general), job("ansible-lint", "success", general)))),
				Phase3Observed.Seen.of(new Phase3Observed.Checkout("/srv/ansible", "main", HEAD, HEAD)),
				Phase3Observed.Seen
					.of(run(Map.of("prometheus", CLEAN, "vault", CLEAN, "gitlab-ce", CLEAN, "ansible", CLEAN))));
	}

	static Observed withPhase3(Observed observed, Phase3Observed phase3) {
		return new Observed(observed.targets(), observed.alertRules(), observed.prometheusProblem(),
				observed.dashboards(), observed.grafanaProblem(), observed.credentials(), observed.vaultProblem(),
				observed.runnerRequests(), phase3);
	}

	String phase3Table(Phase3Observed phase3) {
		return this.check
			.check(3, new Observed(List.of(), List.of(), null, Set.of(), null, Map.of(), null, Map.of(), phase3))
			.table();
	}

	@Test
	void argocdNotReadingGitlabOrAnApplicationFromElsewhereIsNotMet() {
		Phase3Observed good = phase3();
		assertThat(phase3Table(new Phase3Observed(Phase3Observed.Seen.of(argocd(null, Map.of(), Map.of())),
				good.pipelines(), good.checkout(), good.ansibleRun())))
			.contains("ArgoCD \u2705 GitLab CE: NOT MET (Argo CD has no repository " + GITOPS + ")");
		assertThat(phase3Table(new Phase3Observed(Phase3Observed.Seen.of(argocd("Failed", Map.of(), Map.of())),
				good.pipelines(), good.checkout(), good.ansibleRun())))
			.contains("ArgoCD \u2705 GitLab CE: NOT MET (repository " + GITOPS
					+ " Failed: Unable to connect to repository: authentication required)");
		assertThat(phase3Table(new Phase3Observed(
				Phase3Observed.Seen.of(argocd("Successful",
						Map.of("root", GITOPS, "dashboards", "https://github.com/example/charts.git"),
						Map.of("root", MatrixCheck.IN_CLUSTER, "dashboards", MatrixCheck.IN_CLUSTER))),
				good.pipelines(), good.checkout(), good.ansibleRun())))
			.contains("ArgoCD \u2705 GitLab CE: NOT MET (repository " + GITOPS + " Successful; not from " + GITLAB
					+ ": [dashboards from https://github.com/example/charts.git])");
		assertThat(phase3Table(new Phase3Observed(Phase3Observed.Seen.of(argocd("Successful", Map.of(), Map.of())),
				good.pipelines(), good.checkout(), good.ansibleRun())))
			.contains("ArgoCD \u2705 GitLab CE: NOT MET (repository " + GITOPS + " Successful; no Application)");
		assertThat(phase3Table(new Phase3Observed(Phase3Observed.Seen.failed("Argo CD's API: 401 invalid session"),
				good.pipelines(), good.checkout(), good.ansibleRun())))
			.contains("ArgoCD \u2705 GitLab CE: NOT MET (Argo CD not asked: Argo CD's API: 401 invalid session)",
					"Ansible \u2705 ArgoCD: NOT MET (Argo CD not asked: Argo CD's API: 401 invalid session)");
	}

	@Test
	void aPipelineMissingRunningFailedOrOffTheGeneralRunnerIsNotMet() {
		Phase3Observed good = phase3();
		String general = "runner #2 'k3s-w-2 general'";
		java.util.function.Function<Phase3Observed.Seen<Phase3Observed.ProjectPipeline>, String> table = gitops -> phase3Table(
				new Phase3Observed(good.argocd(),
						Map.of(Service.ARGOCD, gitops, Service.ANSIBLE, good.pipelines().get(Service.ANSIBLE)),
						good.checkout(), good.ansibleRun()));
		assertThat(table.apply(Phase3Observed.Seen.of(Phase3Observed.ProjectPipeline.none("homelab/gitops", "main"))))
			.contains("ArgoCD \u2705 GitLab Runner: NOT MET (no pipeline for homelab/gitops's newest commit of main)");
		assertThat(table.apply(
				Phase3Observed.Seen.of(pipeline("homelab/gitops", 8, "running", job("yamllint", "running", general)))))
			.contains("ArgoCD \u2705 GitLab Runner: NOT MET (homelab/gitops pipeline 8 running)");
		assertThat(table
			.apply(Phase3Observed.Seen.of(pipeline("homelab/gitops", 8, "failed", job("yamllint", "failed", general)))))
			.contains("ArgoCD \u2705 GitLab Runner: NOT MET (homelab/gitops pipeline 8 failed)");
		// a job no runner of ours was asked for (untagged) does not prove the general
		// runner
		assertThat(table.apply(Phase3Observed.Seen.of(pipeline("homelab/gitops", 8, "success",
				new Phase3Observed.PipelineJob("yamllint", "success", List.of(), "runner #5 'shared'")))))
			.contains("ArgoCD \u2705 GitLab Runner: NOT MET (homelab/gitops pipeline 8 success: [yamllint success on "
					+ "runner #5 'shared' (not tagged general)])");
		assertThat(table.apply(Phase3Observed.Seen.failed("GitLab has no project homelab/gitops")))
			.contains("ArgoCD \u2705 GitLab Runner: NOT MET (GitLab's pipelines not asked: GitLab has no project "
					+ "homelab/gitops)");
	}

	@Test
	void aCheckoutBehindGitlabOrMissingIsNotMet() {
		Phase3Observed good = phase3();
		java.util.function.Function<Phase3Observed.Seen<Phase3Observed.Checkout>, String> table = checkout -> phase3Table(
				new Phase3Observed(good.argocd(), good.pipelines(), checkout, good.ansibleRun()));
		assertThat(table.apply(Phase3Observed.Seen
			.of(new Phase3Observed.Checkout("/srv/ansible", "main", "fedcba98fedcba98fedcba98fedcba98fedcba98", HEAD))))
			.contains("Ansible \u2705 GitLab CE: NOT MET (/srv/ansible at fedcba98, GitLab's main at 0123abcd)");
		assertThat(table.apply(Phase3Observed.Seen.of(new Phase3Observed.Checkout("/srv/ansible", "main", null, HEAD))))
			.contains("Ansible \u2705 GitLab CE: NOT MET (no clone at /srv/ansible on the ansible VM)");
		assertThat(table.apply(Phase3Observed.Seen.failed("Proxmox VE shows no ansible VM")))
			.contains("Ansible \u2705 GitLab CE: NOT MET (checkout not looked at: Proxmox VE shows no ansible VM)");
	}

	@Test
	void ansibleFailingOnAHostTouchingAK3sNodeOrArgocdDeployingElsewhereIsNotMet() {
		Phase3Observed good = phase3();
		java.util.function.BiFunction<Phase3Observed.ArgoCdSources, Phase3Observed.AnsibleRun, String> table = (argocd,
				run) -> phase3Table(new Phase3Observed(Phase3Observed.Seen.of(argocd), good.pipelines(),
						good.checkout(), Phase3Observed.Seen.of(run)));
		assertThat(
				table.apply(argocd(), run(Map.of("vault", CLEAN, "gitlab-ce", new Phase3Observed.Recap(3, 0, 1, 0)))))
			.contains(
					"Ansible \u2705 ArgoCD: NOT MET (Ansible's newest run failed on [gitlab-ce failed=0 unreachable=1])");
		assertThat(table.apply(argocd(), run(Map.of("vault", CLEAN, "k3s-w-1", CLEAN)))).contains(
				"Ansible \u2705 ArgoCD: NOT MET (Ansible's newest run changed K3s nodes [k3s-w-1] under Argo CD's "
						+ "workloads)");
		assertThat(table.apply(argocd(), run(Map.of())))
			.contains("Ansible \u2705 ArgoCD: NOT MET (no completed Ansible run in /var/log/ansible/ansible.log)");
		assertThat(table.apply(
				argocd("Successful", Map.of("root", GITOPS, "edge", GITOPS),
						Map.of("root", MatrixCheck.IN_CLUSTER, "edge", "https://192.168.1.40:6443")),
				run(Map.of("vault", CLEAN))))
			.contains("Ansible \u2705 ArgoCD: NOT MET (Applications deploying outside K3s: [edge to "
					+ "https://192.168.1.40:6443])");
		assertThat(phase3Table(new Phase3Observed(good.argocd(), good.pipelines(), good.checkout(),
				Phase3Observed.Seen.failed("the ansible VM: 596 Connection timed out"))))
			.contains(
					"Ansible \u2705 ArgoCD: NOT MET (Ansible's log not read: the ansible VM: 596 Connection timed out)");
	}

	@Test
	void phaseThreeWithArgocdDownAndNoAnsibleVmSaysWhatIsMissing() {
		Observed observed = new Observed(
				List.of(new Target("argocd", "127.0.0.1:6443", Map.of(), "down",
						"server returned HTTP status 503 Service Unavailable"), node("gitlab", "up")),
				List.of(alert("TargetDown")), null, Set.of("homelab-gitlab"), null, Map.of(), null, Map.of());
		String table = this.check.check(3, observed).table();
		assertThat(table).contains("ArgoCD \u2705 Prometheus: NOT MET (job argocd [127.0.0.1:6443 down]",
				"ArgoCD \u2705 Grafana: NOT MET (dashboard homelab-argocd missing)",
				"ArgoCD \u2705 Vault: NOT MET (not in Vault: [argocd/admin-password])",
				"Ansible \u2705 Prometheus: NOT MET (no target of job node (group ansible); alerting rules none)");
		// Phase 2 knows nothing of Argo CD
		assertThat(this.check.check(2, observed).table()).contains("ArgoCD \u2705 Prometheus: comes with Phase 3");
		assertThat(this.check.unscraped(3,
				new Observed(
						List.of(new Target("node", "127.0.10.24:9100", Map.of("group", "ansible"), "unknown", ""),
								new Target("argocd", "127.0.0.1:6443", Map.of(), "unknown", "")),
						List.of(), null, Set.of(), null)))
			.containsExactlyInAnyOrder("node 127.0.10.24:9100", "argocd 127.0.0.1:6443");
	}

	static Target node(String group, String health) {
		return new Target("node", "127.0.0.1:9100", Map.of("group", group, "node", group), health, "");
	}

	static Target up(String job) {
		return new Target(job, "127.0.0.1:1", Map.of(), "up", "");
	}

	static AlertRule alert(String name) {
		return new AlertRule("homelab", name, "inactive", "ok", 0);
	}

}
