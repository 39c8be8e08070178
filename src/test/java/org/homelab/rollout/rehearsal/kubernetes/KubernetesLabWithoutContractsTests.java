package org.homelab.rollout.rehearsal.kubernetes;

import java.nio.file.Path;
import java.util.Map;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.homelab.rollout.rehearsal.Contracts;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KubernetesLabWithoutContractsTests {

	@Test
	void runsWithoutSchemaChecksAndJournalsRequestsAsUnchecked() {
		RequestJournal journal = new RequestJournal();
		Contracts absent = new Contracts(Path.of("target/no-such-contracts"));
		try (KubernetesLab lab = new KubernetesLab(KubernetesLabSettings.defaults(), Latency.scaled(0.01),
				FaultInjector.none(), journal, absent)
			.start()
			.startClusterNow(); KubernetesClient client = LabFixtures.productClient(lab)) {
			assertThat(lab.schemaChecks()).isFalse();
			assertThat(client.nodes().list().getItems()).hasSize(3);
			assertThat(journal.entries("kubernetes")).isNotEmpty()
				.allSatisfy(e -> assertThat(e.verdict()).isEqualTo("unchecked"));
			assertThat(journal.violations()).isEmpty();
		}
	}

	@Test
	void servesTheKindsItsControllersServeFromItsOwnDefinitionsKeepingEveryField() {
		RequestJournal journal = new RequestJournal();
		Contracts absent = new Contracts(Path.of("target/no-such-contracts"));
		try (KubernetesLab lab = new KubernetesLab(KubernetesLabSettings.defaults(), Latency.scaled(0.01),
				FaultInjector.none(), journal, absent)
			.start()
			.startClusterNow(); KubernetesClient client = LabFixtures.productClient(lab)) {
			// found by discovery, as the product finds it: no handler registered for the
			// kind
			client.resource(LabFixtures.chart("unchecked", Map.of("chart", "x", "notInAnySchema", 3))).create();
			assertThat(LabFixtures.helmChart(client, "unchecked").get().getAdditionalProperties().get("spec"))
				.isEqualTo(Map.of("chart", "x", "notInAnySchema", 3));
			assertThat(client.getApiResources("external-secrets.io/v1").getResources())
				.anySatisfy(r -> assertThat(r.getName()).isEqualTo("clustersecretstores"))
				.filteredOn(r -> r.getName().equals("clustersecretstores"))
				.allSatisfy(r -> assertThat(r.getNamespaced()).isFalse());
			assertThat(client.getApiResources("argoproj.io/v1alpha1").getResources())
				.anySatisfy(r -> assertThat(r.getKind()).isEqualTo("Application"));
			assertThat(journal.entries("kubernetes")).allSatisfy(e -> assertThat(e.verdict()).isEqualTo("unchecked"));
		}
	}

}
