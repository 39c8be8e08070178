package org.homelab.rollout.kubernetes;

import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.homelab.rollout.kubernetes.ManifestOperations.Applied;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.rehearsal.kubernetes.KubernetesLab;
import org.homelab.rollout.support.Contract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Plain manifests against the lab's API server: create, leave alone, update; never a
 * Secret with values.
 */
class ManifestTemplateIntegrationTests {

	private static final RequestJournal journal = new RequestJournal();

	private static KubernetesLab lab;

	private static ClusterConnection connection;

	private static ManifestOperations manifests;

	@BeforeAll
	static void start() {
		lab = new KubernetesLab(Latency.scaled(0.01), FaultInjector.none(), journal).start().startClusterNow();
		connection = new ClusterConnection(
				() -> KubernetesClients.create(TestInventory.plan(lab.kubeconfig()).k3s(), 0));
		manifests = new ManifestTemplate(connection);
	}

	@AfterAll
	static void stop() {
		connection.close();
		lab.close();
	}

	@BeforeEach
	void reset() {
		lab.reset();
		journal.clear();
	}

	@AfterEach
	void everyRequestPassedItsContract() {
		assertThat(journal.violations()).isEmpty();
	}

	@Test
	void createsThenLeavesAloneThenUpdatesANamespace() {
		assertThat(manifests.apply(namespace("tools"))).isEqualTo(Applied.CREATED);
		assertThat(manifests.apply(namespace("tools"))).isEqualTo(Applied.UNCHANGED);

		Namespace labelled = new NamespaceBuilder(namespace("tools")).editMetadata()
			.addToLabels("team", "ci")
			.endMetadata()
			.build();
		assertThat(manifests.apply(labelled)).isEqualTo(Applied.UPDATED);
		assertThat(lab.client().namespaces().withName("tools").get().getMetadata().getLabels()).containsEntry("team",
				"ci");
	}

	@Test
	void appliesTheVaultClusterSecretStoreWhichTheApiServerAccepts() {
		Contract.CRDS.require("the ClusterSecretStore passing its CRD in the lab is");
		GenericKubernetesResource store = ClusterSecretStores.vault("vault", "https://vault.homelab.lan:8200", "secret",
				"kubernetes", "external-secrets", "external-secrets/external-secrets", null);

		assertThat(manifests.apply(store)).isEqualTo(Applied.CREATED);
		assertThat(journal.entries()).anyMatch(e -> e.method().equals("POST")
				&& e.path().contains("clustersecretstores") && e.status() == 201 && e.verdict().equals("ok"));
		assertThat(manifests.delete(store)).isTrue();
	}

	@Test
	void appliesAnExternalSecretAndAnArgoCdApplicationWhichTheApiServerAccepts() {
		manifests.apply(namespace("gitlab-runner"));
		manifests.apply(namespace("argocd"));

		assertThat(manifests.apply(ExternalSecrets.fromVault("gitlab-runner", "gitlab-runner-gpu", "vault",
				Map.of("runner-token", "gitlab/runner-gpu#token"))))
			.isEqualTo(Applied.CREATED);
		assertThat(manifests.apply(ArgoCdApplications.of("argocd", "homepage",
				"https://gitlab-ce.homelab.lan/homelab/deployments.git", "apps/homepage", "main", "homepage")))
			.isEqualTo(Applied.CREATED);
		assertThat(journal.entries()).filteredOn(e -> e.method().equals("POST")).allMatch(e -> e.status() == 201);
	}

	@Test
	void refusesASecretThatCarriesValuesWithoutSendingIt() {
		Secret secret = new SecretBuilder().withNewMetadata()
			.withName("runner")
			.withNamespace("default")
			.endMetadata()
			.addToStringData("runner-token", "glrt-s3cr3t")
			.build();

		assertThatIllegalArgumentException().isThrownBy(() -> manifests.apply(secret))
			.withMessageContaining("Secret default/runner")
			.withMessageNotContaining("glrt-s3cr3t");
		assertThat(journal.entries()).isEmpty();
	}

	private static Namespace namespace(String name) {
		return new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
	}

}
