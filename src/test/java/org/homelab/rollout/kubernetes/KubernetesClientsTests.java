package org.homelab.rollout.kubernetes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import io.fabric8.kubernetes.client.Config;
import org.homelab.rollout.inventory.K3sCluster;
import org.homelab.rollout.inventory.K3sCluster.K3sNode;
import org.homelab.rollout.inventory.K3sCluster.Placement;
import org.homelab.rollout.inventory.K3sCluster.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class KubernetesClientsTests {

	/**
	 * As K3s writes /etc/rancher/k3s/k3s.yaml, plus a second context as an operator's
	 * merged kubeconfig has.
	 */
	private static final String KUBECONFIG = """
			apiVersion: v1
			kind: Config
			clusters:
			- cluster:
			    server: https://127.0.0.1:6443
			    insecure-skip-tls-verify: true
			  name: default
			- cluster:
			    server: https://other.example:6443
			    insecure-skip-tls-verify: true
			  name: other
			contexts:
			- context: {cluster: default, user: default}
			  name: default
			- context: {cluster: other, user: default, namespace: tools}
			  name: other
			current-context: default
			users:
			- name: default
			  user: {token: not-a-real-token}
			""";

	@Test
	void theServerOverrideReplacesTheLoopbackAddressK3sWrites() {
		Config config = KubernetesClients.config(cluster("", KUBECONFIG, null, "https://k3s-cp-1.homelab.lan:6443"), 2);

		assertThat(config.getMasterUrl()).startsWith("https://k3s-cp-1.homelab.lan:6443");
		assertThat(config.getRequestRetryBackoffLimit()).isEqualTo(2);
	}

	@Test
	void theNamedContextIsUsedInsteadOfTheCurrentOne() {
		Config config = KubernetesClients.config(cluster("", KUBECONFIG, "other", null), 0);

		assertThat(config.getMasterUrl()).startsWith("https://other.example:6443");
		assertThat(config.getNamespace()).isEqualTo("tools");
	}

	@Test
	void theKubeconfigFileIsReadWhenNoContentIsGiven(@TempDir Path dir) throws Exception {
		Path file = Files.writeString(dir.resolve("k3s.yaml"), KUBECONFIG);

		Config config = KubernetesClients.config(cluster(file.toString(), "", null, null), 0);

		assertThat(config.getMasterUrl()).startsWith("https://127.0.0.1:6443");
	}

	@Test
	void aMissingKubeconfigNamesThePropertiesToSet() {
		assertThatExceptionOfType(KubernetesException.class)
			.isThrownBy(() -> KubernetesClients.config(cluster("/nowhere/k3s.yaml", "", null, null), 0))
			.withMessageContaining("inventory.k3s.kubeconfig")
			.withMessageContaining("/nowhere/k3s.yaml");
	}

	private static K3sCluster cluster(String file, String content, String context, String server) {
		return new K3sCluster(file, content, context, server,
				List.of(new K3sNode("k3s-cp-1", Role.CONTROL_PLANE, false)),
				new Placement("k3s-cp-1", "k3s-cp-1", "k3s-cp-1"));
	}

}
