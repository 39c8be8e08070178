package org.homelab.rollout.rehearsal.kubernetes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.FaultInjector.Kind;
import org.homelab.rollout.rehearsal.FaultInjector.Rule;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.homelab.rollout.rehearsal.kubernetes.LabFixtures.chart;
import static org.homelab.rollout.rehearsal.kubernetes.LabFixtures.hasCondition;

class KubernetesLabFaultsTests {

	private static final List<Rule> RULES = List.of(Rule.rate("kubernetes", "api", Kind.HTTP_500, 0.3),
			Rule.nth("kubernetes", "helm-install", Kind.JOB_FAILED, 1));

	private static final long SEED = 42;

	private static final RequestJournal journal = new RequestJournal();

	private static KubernetesLab lab;

	@BeforeAll
	static void start() {
		lab = new KubernetesLab(Latency.scaled(0.01), new FaultInjector(RULES, SEED), journal).start()
			.startClusterNow();
	}

	@AfterAll
	static void stop() {
		lab.close();
	}

	@Test
	void answersInjectedApiFaultsAsStatusObjectsInTheOrderTheSeedDecides() {
		FaultInjector twin = new FaultInjector(RULES, SEED);
		// every product request so far drew once: bring the twin to the same point
		journal.entries("kubernetes").forEach(e -> twin.next("kubernetes", "api"));
		List<Integer> expected = new ArrayList<>();
		List<Integer> answered = new ArrayList<>();
		try (KubernetesClient client = LabFixtures.nonRetryingClient(lab)) {
			for (int i = 0; i < 30; i++) {
				expected.add(twin.next("kubernetes", "api").isPresent() ? 500 : 200);
				try {
					client.namespaces().withName("default").get();
					answered.add(200);
				}
				catch (KubernetesClientException ex) {
					assertThat(ex.getStatus().getKind()).isEqualTo("Status");
					assertThat(ex.getStatus().getReason()).isEqualTo("InternalError");
					answered.add(ex.getCode());
				}
			}
		}
		assertThat(answered).isEqualTo(expected).contains(500).contains(200);
		assertThat(journal.entries("kubernetes")).extracting(RequestJournal.Entry::status).containsAll(answered);
	}

	@Test
	void retriesAnInstallThatFailedOnAnInjectedJobFaultAndCompletesIt() {
		List<Pod> pods;
		try (KubernetesClient client = LabFixtures.productClient(lab)) {
			// the product's own client retries the injected 500s, as fabric8 does against
			// a real API server
			client.resource(chart("flaky", Map.of("chart", "flaky", "targetNamespace", "default"))).create();
			await().atMost(Duration.ofSeconds(20))
				.until(() -> hasCondition(LabFixtures.job(client, "helm-install-flaky"), "Complete"));
			assertThat(LabFixtures.job(client, "helm-install-flaky").getStatus().getFailed()).isEqualTo(1);
			pods = client.pods()
				.inNamespace("kube-system")
				.withLabel("job-name", "helm-install-flaky")
				.list()
				.getItems();
			assertThat(pods).extracting(p -> p.getStatus().getPhase()).containsExactlyInAnyOrder("Failed", "Succeeded");
			Pod failed = pods.stream().filter(p -> p.getStatus().getPhase().equals("Failed")).findFirst().orElseThrow();
			assertThat(client.pods().inNamespace("kube-system").withName(failed.getMetadata().getName()).getLog())
				.contains("Error: INSTALLATION FAILED: Kubernetes cluster unreachable");
		}
	}

}
