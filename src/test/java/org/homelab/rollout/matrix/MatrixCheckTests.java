package org.homelab.rollout.matrix;

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
	void aLaterPhasesCellWithoutACheckIsNotMetRatherThanPassedOver() {
		Observed observed = new Observed(List.of(), RULES, null, Set.of(), null);
		assertThat(this.check.check(3, observed).table()).contains(
				"ArgoCD \u2705 GitLab CE: NOT MET (no check yet: the root Application Synced from GitLab's gitops");
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
		// what monitoring cannot tell stays unmet, saying why, and so does the criterion
		assertThat(result.table()).contains("ArgoCD \u2705 GitLab CE: NOT MET (no check yet",
				"ArgoCD \u2705 GitLab Runner: NOT MET (no check yet", "Ansible \u2705 GitLab CE: NOT MET (no check yet",
				"Ansible \u2705 GitLab Runner: NOT MET (no check yet", "Ansible \u2705 ArgoCD: NOT MET (no check yet");
		assertThat(result.criterion().met()).isFalse();
		assertThat(result.criterion().result()).startsWith("5 of 22 cells");
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
