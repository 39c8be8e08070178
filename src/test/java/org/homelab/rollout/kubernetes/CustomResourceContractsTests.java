package org.homelab.rollout.kubernetes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import org.homelab.rollout.argocd.steps.RepositorySecret;
import org.homelab.rollout.support.Contract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every custom resource the project writes passes its CRD schema from
 * ../shared/contracts/crds, nothing pruned.
 */
class CustomResourceContractsTests {

	private static CrdContract HELM_CHARTS;

	private static CrdContract CLUSTER_SECRET_STORES;

	private static CrdContract EXTERNAL_SECRETS;

	private static CrdContract APPLICATIONS;

	// loaded once the contracts are known to be here
	@BeforeAll
	static void load() {
		Contract.CRDS.require("the custom resources the project writes passing their CRDs are");
		HELM_CHARTS = CrdContract.load("helm.cattle.io_helmcharts.yaml");
		CLUSTER_SECRET_STORES = CrdContract.load("external-secrets.io_clustersecretstores.yaml");
		EXTERNAL_SECRETS = CrdContract.load("external-secrets.io_externalsecrets.yaml");
		APPLICATIONS = CrdContract.load("argoproj.io_applications.yaml");
	}

	private final HelmValues values = new HelmValues(Path.of("deploy/helm-values"), TestInventory.plan(""));

	@Test
	void theHelmChartOfEveryShippedReleasePassesTheHelmChartSchema() throws IOException {
		List<Path> files;
		try (Stream<Path> list = Files.list(Path.of("deploy/helm-values"))) {
			files = list.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
		}
		for (Path file : files) {
			String name = file.getFileName().toString().replace(".yaml", "");
			HelmReleaseRequest request = HelmReleaseRequest.create(name, name, "https://charts.example.com", "1.2.3",
					"apps", this.values.render(file.getFileName().toString(), "k3s-w-1"));
			GenericKubernetesResource chart = HelmCharts.build("kube-system", name,
					request.spec(1, TestInventory.properties().helmTimeoutFlag()), "run-1");

			assertThat(HELM_CHARTS.problems(chart)).as(file.toString()).isEmpty();
		}
	}

	@Test
	void aHelmChartWithoutRepoVersionOrValuesStillPasses() {
		HelmReleaseRequest request = HelmReleaseRequest.create("bare", "https://example.com/bare-1.0.0.tgz", null, null,
				"default", null);

		assertThat(HELM_CHARTS.problems(HelmCharts.build("kube-system", "bare", request.spec(1, "600s"), "r")))
			.isEmpty();
	}

	@Test
	void theVaultClusterSecretStorePassesTheClusterSecretStoreSchema() {
		GenericKubernetesResource store = ClusterSecretStores.vault("vault", "https://vault.homelab.lan:8200", "secret",
				"kubernetes", "external-secrets", "external-secrets/external-secrets", "vault-ca");

		assertThat(CLUSTER_SECRET_STORES.problems(store)).isEmpty();
	}

	@Test
	void theRunnerTokensExternalSecretPassesTheExternalSecretSchema() {
		GenericKubernetesResource secret = ExternalSecrets.fromVault("gitlab-runner", "gitlab-runner-gpu", "vault",
				Map.of("runner-token", "gitlab/runner-gpu#token", "runner-registration-token", "gitlab/runner-gpu"));

		assertThat(EXTERNAL_SECRETS.problems(secret)).isEmpty();
	}

	@Test
	void argoCdsRepositoryExternalSecretPassesTheExternalSecretSchema() {
		GenericKubernetesResource secret = RepositorySecret.externalSecret("argocd",
				"https://gitlab.homelab.lan/homelab/gitops.git");

		assertThat(EXTERNAL_SECRETS.problems(secret)).isEmpty();
	}

	@Test
	void anArgoCdApplicationPassesTheApplicationSchema() {
		GenericKubernetesResource application = ArgoCdApplications.of("argocd", "homepage",
				"https://gitlab-ce.homelab.lan/homelab/deployments.git", "apps/homepage", "main", "homepage");

		assertThat(APPLICATIONS.problems(application)).isEmpty();
	}

	@Test
	void theCheckCatchesWhatTheApiServerWouldRefuseOrPrune() {
		GenericKubernetesResource chart = HelmCharts.build("kube-system", "bad",
				Map.of("chart", "x", "set", Map.of("enabled", true), "valuesContnet", "typo"), "r");

		assertThat(HELM_CHARTS.problems(chart)).anyMatch(p -> p.contains("spec.valuesContnet"))
			.anyMatch(p -> p.contains("enabled"));
	}

}
