package org.homelab.rollout.rehearsal.kubernetes;

import java.nio.file.Path;

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
			.start(); KubernetesClient client = LabFixtures.productClient(lab)) {
			assertThat(lab.schemaChecks()).isFalse();
			assertThat(client.nodes().list().getItems()).hasSize(3);
			assertThat(journal.entries("kubernetes")).isNotEmpty()
				.allSatisfy(e -> assertThat(e.verdict()).isEqualTo("unchecked"));
			assertThat(journal.violations()).isEmpty();
		}
	}

}
