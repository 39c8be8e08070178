package org.homelab.rollout.rehearsal.kubernetes;

import java.time.Duration;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.homelab.rollout.rehearsal.FaultInjector;
import org.homelab.rollout.rehearsal.Latency;
import org.homelab.rollout.rehearsal.RequestJournal;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The cluster behind the lab's K3s port starts on first use: its kubeconfig is whole
 * before, and the first client is served as if it had always run.
 */
class KubernetesLabFirstUseTests {

	@Test
	void theKubeconfigIsWholeBeforeTheClusterStartsAndTheFirstConnectionStartsIt() {
		try (KubernetesLab lab = new KubernetesLab(Latency.scaled(0.01), FaultInjector.none(), new RequestJournal())
			.start()) {
			Config config = Config.fromKubeconfig(lab.kubeconfig());
			// not retried: the first request itself is answered, as by a K3s long running
			config.setRequestRetryBackoffLimit(0);
			assertThat(lab.clusterStarted()).isFalse();
			assertThat(config.getMasterUrl()).startsWith("https://127.0.0.1:");
			assertThat(config.getCaCertData()).isNotBlank();

			try (KubernetesClient client = new KubernetesClientBuilder().withConfig(config).build()) {
				assertThat(client.nodes().list().getItems()).extracting(node -> node.getMetadata().getName())
					.contains("k3s-cp-1", "k3s-w-1", "k3s-w-2");
				// later requests find the same cluster
				Node node = client.nodes().withName("k3s-cp-1").get();
				assertThat(node).isNotNull();
			}
			assertThat(lab.clusterStarted()).isTrue();
		}
	}

	@Test
	void startsInTheBackgroundWhenAsked() {
		try (KubernetesLab lab = new KubernetesLab(Latency.scaled(0.01), FaultInjector.none(), new RequestJournal())
			.start()) {
			StringBuilder heard = new StringBuilder();
			lab.whenClusterStarts(() -> heard.append("started"));
			assertThat(lab.clusterStarted()).isFalse();
			lab.startClusterInBackground();
			await().atMost(Duration.ofSeconds(60)).until(lab::clusterStarted);
			assertThat(heard).hasToString("started");
		}
		// a reset of a lab whose cluster never started leaves it unstarted
		try (KubernetesLab idle = new KubernetesLab(Latency.scaled(0.01), FaultInjector.none(), new RequestJournal())
			.start()) {
			idle.reset();
			assertThat(idle.clusterStarted()).isFalse();
		}
	}

}
