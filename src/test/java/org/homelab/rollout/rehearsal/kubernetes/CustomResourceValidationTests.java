package org.homelab.rollout.rehearsal.kubernetes;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.homelab.rollout.support.Contract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.homelab.rollout.rehearsal.kubernetes.LabFixtures.chart;

class CustomResourceValidationTests {

	private static final RequestJournal journal = new RequestJournal();

	private static KubernetesLab lab;

	private static KubernetesClient client;

	@BeforeAll
	static void start() {
		lab = new KubernetesLab(Latency.scaled(1.0), FaultInjector.none(), journal).start().startClusterNow();
		client = LabFixtures.productClient(lab);
	}

	@AfterAll
	static void stop() {
		client.close();
		lab.close();
	}

	@BeforeEach
	void reset() {
		lab.reset();
		journal.clear();
	}

	private static GenericKubernetesResource resource(String apiVersion, String kind, String ns, String name,
			Map<String, Object> spec) {
		return new GenericKubernetesResourceBuilder().withApiVersion(apiVersion)
			.withKind(kind)
			.withNewMetadata()
			.withName(name)
			.withNamespace(ns)
			.endMetadata()
			.addToAdditionalProperties("spec", spec)
			.build();
	}

	@Test
	void refusesAHelmChartWhoseSetHoldsABooleanWith422AsTheApiServerWordsIt() {
		Contract.CRDS.require("the lab admitting custom resources against their CRDs is");
		assertThatThrownBy(
				() -> client.resource(chart("bad", Map.of("chart", "x", "set", Map.of("enabled", true)))).create())
			.isInstanceOfSatisfying(KubernetesClientException.class, ex -> {
				assertThat(ex.getCode()).isEqualTo(422);
				assertThat(ex.getStatus().getReason()).isEqualTo("Invalid");
				assertThat(ex.getStatus().getMessage()).isEqualTo("HelmChart.helm.cattle.io \"bad\" is invalid: "
						+ "spec.set.enabled: Invalid value: \"boolean\": spec.set.enabled in body must be of type integer,string: \"boolean\"");
				assertThat(ex.getStatus().getDetails().getCauses()).singleElement()
					.satisfies(c -> assertThat(c.getField()).isEqualTo("spec.set.enabled"));
			});
		assertThat(LabFixtures.helmChart(client, "bad").get()).isNull();
		assertThat(journal.violations()).singleElement().satisfies(e -> assertThat(e.status()).isEqualTo(422));
	}

	@Test
	void refusesAListInSpecSet() {
		Contract.CRDS.require("the lab admitting custom resources against their CRDs is");
		assertThatThrownBy(
				() -> client.resource(chart("list", Map.of("chart", "x", "set", Map.of("hosts", List.of("a")))))
					.create())
			.isInstanceOfSatisfying(KubernetesClientException.class, ex -> assertThat(ex.getCode()).isEqualTo(422));
	}

	@Test
	void refusesAPatchThatWouldMakeTheStoredChartInvalid() {
		Contract.CRDS.require("the lab admitting custom resources against their CRDs is");
		client.resource(chart("patched", Map.of("chart", "x"))).create();
		assertThatThrownBy(() -> LabFixtures.helmChart(client, "patched").edit(c -> {
			c.setAdditionalProperty("spec", Map.of("chart", "x", "failurePolicy", "explode"));
			return c;
		})).isInstanceOfSatisfying(KubernetesClientException.class, ex -> {
			assertThat(ex.getCode()).isEqualTo(422);
			assertThat(ex.getStatus().getMessage()).contains("spec.failurePolicy: Unsupported value: \"explode\"");
		});
		assertThat(LabFixtures.helmChart(client, "patched").get().<String>get("spec", "failurePolicy"))
			.isEqualTo("reinstall");
	}

	@Test
	void prunesUnknownFieldsAndDefaultsAsTheApiServerDoes() {
		Contract.CRDS.require("the lab admitting custom resources against their CRDs is");
		GenericKubernetesResource created = client.resource(chart("pruned", Map.of("chart", "x", "colour", "red")))
			.create();
		assertThat(created.<Object>get("spec", "colour")).isNull();
		assertThat(created.<String>get("spec", "failurePolicy")).isEqualTo("reinstall");
	}

	@Test
	void acceptsValidExternalSecretsAndArgoResources() {
		client
			.resource(resource("external-secrets.io/v1", "ClusterSecretStore", null, "vault", Map.of("provider", Map.of(
					"vault",
					Map.of("server", "https://vault.lab:8200", "path", "secret", "version", "v2", "auth",
							Map.of("tokenSecretRef",
									Map.of("name", "vault-token", "key", "token", "namespace", "external-secrets")))))))
			.create();
		client
			.resource(
					resource(
							"external-secrets.io/v1", "ExternalSecret", "default", "db", Map
								.of("refreshInterval", "1h", "secretStoreRef",
										Map.of("kind", "ClusterSecretStore", "name", "vault"), "target",
										Map.of("name", "db"), "data", List.of(Map.of("secretKey", "password",
												"remoteRef", Map.of("key", "db", "property", "password"))))))
			.create();
		client
			.resource(resource("argoproj.io/v1alpha1", "Application", "default", "apps",
					Map.of("project", "default", "source",
							Map.of("repoURL", "https://git.lab/apps.git", "path", "apps", "targetRevision", "main"),
							"destination", Map.of("server", "https://kubernetes.default.svc", "namespace", "apps"))))
			.create();
		assertThat(client.genericKubernetesResources("external-secrets.io/v1", "ClusterSecretStore")
			.withName("vault")
			.get()).isNotNull();
		assertThat(journal.violations()).isEmpty();
	}

}
