package org.homelab.rollout.argocd.steps;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.camunda.bpm.engine.ProcessEngine;
import org.homelab.rollout.argocd.ArgoCdClients;
import org.homelab.rollout.argocd.ArgoCdOperations;
import org.homelab.rollout.gitlab.GitlabDeployToken;
import org.homelab.rollout.gitlab.GitlabGroup;
import org.homelab.rollout.gitlab.GitlabOperations;
import org.homelab.rollout.gitlab.GitlabProject;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.RehearsalLab;
import org.homelab.rollout.runner.LabGitlab;
import org.homelab.rollout.support.PhaseOneLab;
import org.homelab.rollout.support.ProcessRuns;
import org.homelab.rollout.support.SecretScan;
import org.homelab.rollout.support.TestLabs;
import org.homelab.rollout.vault.EngineSecrets;
import org.homelab.rollout.vault.SecretReference;
import org.homelab.rollout.vault.SecretWriter;
import org.homelab.rollout.vault.VaultTarget;
import org.homelab.rollout.vault.steps.VaultVariables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ActiveProfiles;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Phase 3.1's Argo CD on the embedded lab (contract checks on), after Phase 1's Vault and
 * External Secrets and GitLab CE with an empty {@code homelab/gitops}: argocd-install
 * puts argo-cd on k3s-cp-1, moves the admin password into Vault (the initial Secret
 * gone), and Argo CD reads gitops with a deploy token that only Vault and the synced
 * repository Secret hold; a second run adopts and creates nothing; argocd-remove of the
 * adopting run removes nothing, of the installing run everything that run made. Neither
 * the admin password nor the token in the engine's tables or log.
 */
@SpringBootTest(properties = { "rollout.vault.state-dir=target/runner-it/${random.uuid}",
		"rollout.waits.initial-backoff=20ms", "rollout.waits.max-backoff=200ms", "rollout.retry-scale=0.02" })
@ActiveProfiles({ "rehearsal", "test" })
@Import(LabGitlab.class)
@ExtendWith(OutputCaptureExtension.class)
class ArgoCdProcessIntegrationTests {

	private static final ResourceDefinitionContext EXTERNAL_SECRETS = new ResourceDefinitionContext.Builder()
		.withGroup("external-secrets.io")
		.withVersion("v1")
		.withKind("ExternalSecret")
		.withPlural("externalsecrets")
		.withNamespaced(true)
		.build();

	private static final String REPO = "https://gitlab.rehearsal.lan/homelab/gitops.git";

	@Autowired
	RehearsalLab lab;

	@Autowired
	ProcessEngine engine;

	@Autowired
	JdbcTemplate jdbc;

	@Autowired
	SecretWriter writer;

	@Autowired
	EngineSecrets secrets;

	@AfterEach
	void stopTheLabsServices() {
		this.lab.reset();
	}

	@Test
	void argoCdReadsGitopsWithItsSecretsOnlyInVaultAReRunAdoptsAndRemoveLeavesNothing(CapturedOutput output) {
		this.lab.reset();
		ProcessRuns runs = new ProcessRuns(this.engine).within(Duration.ofSeconds(120));
		assertThatThrownBy(
				() -> runs.start("argocd-install", "bad", Map.of(ArgoCdVariables.RELEASE_READY_TIMEOUT, "soon")))
			.hasMessageContaining("argocdReleaseReadyTimeout 'soon' must be an ISO 8601 duration")
			.hasMessageContaining("nothing was created");
		TestLabs.assertUntouched(this.lab.journal());
		Map<String, Object> vault = PhaseOneLab.vaultAndEso(runs);
		runs.run("provision-vm", "p2", Map.of("vmName", "gitlab-ce"));
		LabGitlab.install(this.lab);
		GitlabOperations gitlab = LabGitlab.client();
		// Phase 2 made homelab/gitops, empty
		GitlabGroup group = gitlab.groups().findOrCreate("homelab", "homelab").value();
		GitlabProject gitops = gitlab.projects().findOrCreate(group, "gitops", "gitops").value();
		KubernetesClient k3s = this.lab.kubernetes().client();
		VaultTarget target = VaultTarget.of((String) vault.get(VaultVariables.ADDRESS),
				(String) vault.get(VaultVariables.CA_FILE));

		Map<String, Object> made = runs.run("argocd-install", "p3", install(vault, "p3")).variables();

		assertThat(made).containsEntry(ArgoCdVariables.RELEASE_CREATED, true)
			.containsEntry(ArgoCdVariables.RELEASE_NODE, "k3s-cp-1")
			.containsEntry(ArgoCdVariables.ADMIN_PASSWORD_STORED, true)
			.containsEntry(ArgoCdVariables.INITIAL_SECRET_DELETED, true)
			.containsEntry(ArgoCdVariables.ADMIN_PASSWORD_PATH, "homelab/services/argocd/admin-password")
			.containsEntry(ArgoCdVariables.DEPLOY_TOKEN_CREATED, true)
			.containsEntry(ArgoCdVariables.DEPLOY_TOKEN_STORED, true)
			.containsEntry(ArgoCdVariables.DEPLOY_TOKEN_PATH, "homelab/services/argocd/gitops-deploy-token")
			.containsEntry(ArgoCdVariables.REPOSITORY_SECRET_CREATED, true)
			.containsEntry(ArgoCdVariables.REPOSITORY_URL, REPO)
			.containsEntry(ArgoCdVariables.GITOPS_PROJECT_ID, gitops.id());
		assertThat(k3s.pods().inNamespace("argocd").list().getItems()).isNotEmpty()
			.allMatch(p -> "k3s-cp-1".equals(p.getSpec().getNodeName()));
		assertThat(k3s.secrets().inNamespace("argocd").withName("argocd-initial-admin-secret").get()).isNull();
		// the repository Secret as Argo CD reads it, filled by ESO from Vault
		Secret repository = k3s.secrets().inNamespace("argocd").withName("repo-gitops").get();
		assertThat(repository.getMetadata().getLabels()).containsEntry("argocd.argoproj.io/secret-type", "repository");
		assertThat(decode(repository, "type")).isEqualTo("git");
		assertThat(decode(repository, "url")).isEqualTo(REPO);
		Map<String, String> secrets = new LinkedHashMap<>();
		secrets.put("Argo CD admin password", this.secrets.read(target,
				new SecretReference("homelab", "services/argocd/admin-password"), "password"));
		secrets.put("gitops deploy token", decode(repository, "password"));
		assertThat(secrets.values()).allMatch(s -> s != null && s.length() >= 8);
		List<GitlabDeployToken> tokens = gitlab.deployTokens().list(gitops.id());
		assertThat(tokens).singleElement().satisfies(t -> {
			assertThat(t.name()).isEqualTo("argocd-gitops");
			assertThat(t.scopes()).containsExactly("read_repository");
			assertThat(t.username()).isEqualTo(decode(repository, "username"));
			assertThat(t.expiresAt()).isNotNull();
		});
		// Argo CD takes the password in Vault and reads gitops
		ArgoCdOperations argocd = ArgoCdClients.create(new OkHttpClient(),
				HttpUrl.get((String) made.get(ArgoCdVariables.URL)), null, Duration.ofSeconds(5), "admin", "argocd",
				() -> secrets.get("Argo CD admin password"));
		assertThat(argocd.repositories().get(REPO).orElseThrow().connectionStatus()).isEqualTo("Successful");

		// a second run adopts: nothing created, no password changed, no token made
		int posts = tokenCreations(gitops.id());
		int changes = passwordChanges();
		Map<String, Object> again = runs.run("argocd-install", "p3-again", install(vault, "p3-again")).variables();
		assertThat(again).containsEntry(ArgoCdVariables.RELEASE_CREATED, false)
			.containsEntry(ArgoCdVariables.ADMIN_PASSWORD_STORED, false)
			.containsEntry(ArgoCdVariables.INITIAL_SECRET_DELETED, false)
			.containsEntry(ArgoCdVariables.DEPLOY_TOKEN_CREATED, false)
			.containsEntry(ArgoCdVariables.DEPLOY_TOKEN_STORED, false)
			.containsEntry(ArgoCdVariables.REPOSITORY_SECRET_CREATED, false)
			.containsEntry(ArgoCdVariables.DEPLOY_TOKEN_ID, made.get(ArgoCdVariables.DEPLOY_TOKEN_ID));
		assertThat(tokenCreations(gitops.id())).isEqualTo(posts);
		assertThat(passwordChanges()).isEqualTo(changes);

		// the adopting run's removal removes nothing
		Map<String, Object> kept = runs.run("argocd-remove", "p3-again", removal(vault, again)).variables();
		assertThat(kept).containsEntry(ArgoCdVariables.REPOSITORY_SECRET_DELETED, false)
			.containsEntry(ArgoCdVariables.DEPLOY_TOKEN_REVOKED, false)
			.doesNotContainEntry(ArgoCdVariables.RELEASE_UNINSTALLED, true)
			.containsEntry(ArgoCdVariables.DEPLOY_TOKEN_DELETED, false)
			.containsEntry(ArgoCdVariables.ADMIN_PASSWORD_DELETED, false);
		assertThat(argocd.repositories().get(REPO).orElseThrow().connectionStatus()).isEqualTo("Successful");

		// the app-of-apps: published, the criteria met, a re-publish adopts, unpublish
		// of the adopting run removes nothing, of the publishing run everything
		Map<String, Object> published = runs.run("gitops-publish", "p3", publish(vault, made, "p3")).variables();
		assertThat(published).containsEntry(GitopsVariables.COMMITTED, true)
			.containsEntry(GitopsVariables.ROOT_CREATED, true)
			.containsEntry(GitopsVariables.PROJECTS_CREATED, "homelab,root")
			.containsEntry(GitopsVariables.DEFAULT_CHANGED, true);
		assertThat(this.lab.argocd().applications()).containsEntry("root", "Synced/Healthy")
			.containsEntry("smoke", "Synced/Healthy");
		Map<String, Object> checkIn = publish(vault, made, "p3");
		checkIn.put(GitopsVariables.SYNC_BOUND, "PT60S");
		Map<String, Object> checked = runs.run("gitops-check", "p3", checkIn).variables();
		assertThat(checked).as(String.valueOf(checked.get(GitopsVariables.WORKFLOWS_RESULT)))
			.containsEntry(GitopsVariables.MANAGING_MET, true)
			.containsEntry(GitopsVariables.WORKFLOWS_MET, true);
		assertThat((String) checked.get(GitopsVariables.MANAGING_RESULT)).contains("root Synced/Healthy",
				"smoke Synced/Healthy");
		assertThat(k3s.configMaps().inNamespace("gitops-smoke").withName("smoke-settings").get().getData())
			.containsEntry("message", (String) checked.get(GitopsVariables.SMOKE_MESSAGE));
		// Git unreachable for Argo CD: the commit never arrives; a result, no incident
		this.lab.faults().arm(FaultInjector.Rule.rate("argocd", "repository", FaultInjector.Kind.TIMEOUT, 1.0));
		try {
			this.lab.argocd().reconcileNow();
			Map<String, Object> failing = new LinkedHashMap<>(checkIn);
			failing.put(GitopsVariables.SYNC_BOUND, "PT2S");
			Map<String, Object> unmet = runs.run("gitops-check", "p3-unmet", failing).variables();
			assertThat(unmet).containsEntry(GitopsVariables.WORKFLOWS_MET, false);
			assertThat((String) unmet.get(GitopsVariables.WORKFLOWS_RESULT)).contains("did not reach the cluster",
					"PT2S");
		}
		finally {
			this.lab.faults().disarm();
		}
		Map<String, Object> republished = runs.run("gitops-publish", "p3-again", publish(vault, made, "p3-again"))
			.variables();
		assertThat(republished).containsEntry(GitopsVariables.COMMITTED, false)
			.containsEntry(GitopsVariables.ROOT_CREATED, false)
			.containsEntry(GitopsVariables.PROJECTS_CREATED, "")
			.containsEntry(GitopsVariables.DEFAULT_CHANGED, false);
		Map<String, Object> keptApps = runs
			.run("gitops-unpublish", "p3-again", unpublish(vault, made, republished, "p3-again"))
			.variables();
		assertThat(keptApps).containsEntry(GitopsVariables.ROOT_DELETED, false)
			.containsEntry(GitopsVariables.PROJECTS_DELETED, "")
			.containsEntry(GitopsVariables.REVERTS, 0);
		assertThat(this.lab.argocd().applications()).containsKeys("root", "smoke");
		Map<String, Object> unpublished = runs.run("gitops-unpublish", "p3", unpublish(vault, made, published, "p3"))
			.variables();
		assertThat(unpublished).containsEntry(GitopsVariables.ROOT_DELETED, true)
			.containsEntry(GitopsVariables.PROJECTS_DELETED, "homelab,root")
			.containsEntry(GitopsVariables.REVERTS, 3);
		assertThat(argocd.applications().list(null)).isEmpty();
		assertThat(k3s.configMaps().inNamespace("gitops-smoke").withName("smoke-settings").get()).isNull();
		assertThat(gitlab.repository().readFile(gitops.id(), "smoke/configmap.yaml", "main")).isEmpty();
		assertThat(argocd.projects().get("root")).isEmpty();
		assertThat(argocd.projects().get("homelab")).isEmpty();

		// the installing run's removal leaves nothing of it
		Map<String, Object> removed = runs.run("argocd-remove", "p3", removal(vault, made)).variables();
		assertThat(removed).containsEntry(ArgoCdVariables.REPOSITORY_SECRET_DELETED, true)
			.containsEntry(ArgoCdVariables.DEPLOY_TOKEN_REVOKED, true)
			.containsEntry(ArgoCdVariables.RELEASE_UNINSTALLED, true)
			.containsEntry(ArgoCdVariables.DEPLOY_TOKEN_DELETED, true)
			.containsEntry(ArgoCdVariables.ADMIN_PASSWORD_DELETED, true);
		assertThat(gitlab.deployTokens().list(gitops.id())).noneMatch(GitlabDeployToken::active);
		assertThat(this.writer.exists(target, new SecretReference("homelab", "services/argocd/gitops-deploy-token")))
			.isFalse();
		assertThat(this.writer.exists(target, new SecretReference("homelab", "services/argocd/admin-password")))
			.isFalse();
		assertThat(k3s.genericKubernetesResources(EXTERNAL_SECRETS).inNamespace("argocd").list().getItems()).isEmpty();
		assertThat(k3s.secrets().inNamespace("argocd").withName("repo-gitops").get()).isNull();
		assertThat(k3s.genericKubernetesResources(TestLabs.HELM_CHARTS)
			.inAnyNamespace()
			.list()
			.getItems()
			.stream()
			.map(c -> c.getMetadata().getName())).doesNotContain("argocd");
		assertThat(k3s.pods().inNamespace("argocd").list().getItems()).isEmpty();

		// a retry after the Vault write but before the change: Vault holds a password
		// Argo
		// CD does not know yet, the initial Secret is there; the move sets that one
		SecretReference admin = new SecretReference("homelab", "services/argocd/admin-password");
		String planted = "planted-by-an-earlier-attempt-1";
		this.secrets.replace(target, admin, "password", planted);
		secrets.put("planted admin password", planted);
		int before = passwordChanges();
		Map<String, Object> retried = runs.run("argocd-install", "p3-retry", install(vault, "p3-retry")).variables();
		assertThat(retried).containsEntry(ArgoCdVariables.ADMIN_PASSWORD_STORED, true)
			.containsEntry(ArgoCdVariables.INITIAL_SECRET_DELETED, true)
			.containsEntry(ArgoCdVariables.RELEASE_CREATED, true);
		assertThat(passwordChanges()).isEqualTo(before + 1);
		assertThat(this.secrets.read(target, admin, "password")).isEqualTo(planted);
		ArgoCdClients
			.create(new OkHttpClient(), HttpUrl.get((String) retried.get(ArgoCdVariables.URL)), null,
					Duration.ofSeconds(5), "admin", "argocd", () -> planted)
			.login();
		secrets.put("second deploy token",
				decode(k3s.secrets().inNamespace("argocd").withName("repo-gitops").get(), "password"));
		runs.run("argocd-remove", "p3-retry", removal(vault, retried));
		assertThat(this.writer.exists(target, admin)).isFalse();
		assertThat(gitlab.deployTokens().list(gitops.id())).noneMatch(GitlabDeployToken::active);

		assertThat(this.lab.journal().violations()).isEmpty();
		List<String> tables = SecretScan.tables(this.jdbc);
		assertThat(tables).as("ACT_* tables are read").anyMatch(row -> row.contains("argocd-install"));
		assertThat(SecretScan.findings(secrets, tables)).as("Argo CD secrets in the engine's tables").isEmpty();
		assertThat(SecretScan.findings(secrets, List.of(output.getAll()))).as("Argo CD secrets in the log").isEmpty();
	}

	private static Map<String, Object> install(Map<String, Object> installed, String run) {
		Map<String, Object> in = PhaseOneLab.vault(installed);
		in.put(ArgoCdVariables.ROLLOUT_RUN, run);
		return in;
	}

	private static Map<String, Object> publish(Map<String, Object> installed, Map<String, Object> made, String run) {
		Map<String, Object> in = install(installed, run);
		in.put(ArgoCdVariables.URL, made.get(ArgoCdVariables.URL));
		return in;
	}

	private static Map<String, Object> unpublish(Map<String, Object> installed, Map<String, Object> made,
			Map<String, Object> published, String run) {
		Map<String, Object> in = publish(installed, made, run);
		in.put(GitopsVariables.ROOT_CREATED, published.get(GitopsVariables.ROOT_CREATED));
		in.put(GitopsVariables.PROJECTS_CREATED, published.get(GitopsVariables.PROJECTS_CREATED));
		return in;
	}

	private static Map<String, Object> removal(Map<String, Object> installed, Map<String, Object> made) {
		Map<String, Object> in = PhaseOneLab.vault(installed);
		for (String name : List.of(ArgoCdVariables.REPOSITORY_SECRET_CREATED, ArgoCdVariables.GITOPS_PROJECT_ID,
				ArgoCdVariables.DEPLOY_TOKEN_ID, ArgoCdVariables.DEPLOY_TOKEN_CREATED,
				ArgoCdVariables.DEPLOY_TOKEN_STORED, ArgoCdVariables.ADMIN_PASSWORD_STORED,
				ArgoCdVariables.RELEASE_CREATED, ArgoCdVariables.ROLLOUT_RUN)) {
			in.put(name, made.get(name));
		}
		return in;
	}

	private int tokenCreations(long project) {
		return (int) this.lab.journal()
			.entries("gitlab")
			.stream()
			.filter(e -> e.method().equals("POST") && e.path().equals("/api/v4/projects/" + project + "/deploy_tokens"))
			.count();
	}

	private int passwordChanges() {
		return (int) this.lab.journal()
			.entries("argocd")
			.stream()
			.filter(e -> e.method().equals("PUT") && e.path().equals("/api/v1/account/password"))
			.count();
	}

	private static String decode(Secret secret, String key) {
		return new String(Base64.getDecoder().decode(secret.getData().get(key)), StandardCharsets.UTF_8);
	}

}
