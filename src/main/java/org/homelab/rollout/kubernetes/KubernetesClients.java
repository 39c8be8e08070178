package org.homelab.rollout.kubernetes;

import java.io.File;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.homelab.rollout.inventory.K3sCluster;

/**
 * Builds the fabric8 client from the inventory: the kubeconfig's content if given, else
 * its file; the named context (the current one otherwise); and the server override, since
 * K3s writes {@code https://127.0.0.1:6443} into it.
 */
public final class KubernetesClients {

	private KubernetesClients() {
	}

	public static Config config(K3sCluster cluster, int requestRetries) {
		Config config;
		try {
			if (hasText(cluster.kubeconfigContent())) {
				config = Config.fromKubeconfig(blankToNull(cluster.context()), cluster.kubeconfigContent(), null);
			}
			else if (hasText(cluster.kubeconfig()) && new File(cluster.kubeconfig()).isFile()) {
				config = Config.fromKubeconfig(blankToNull(cluster.context()), new File(cluster.kubeconfig()));
			}
			else {
				throw new KubernetesException("No kubeconfig for K3s: inventory.k3s.kubeconfig ('"
						+ cluster.kubeconfig() + "') is no readable file and inventory.k3s.kubeconfig-content is empty."
						+ " Copy /etc/rancher/k3s/k3s.yaml from k3s-cp-1 and point inventory.k3s.kubeconfig at it.");
			}
		}
		catch (KubernetesClientException ex) {
			// fabric8 names the context or file it could not use, never the credentials
			throw new KubernetesException("Cannot read the K3s kubeconfig (inventory.k3s.kubeconfig or "
					+ "kubeconfig-content, context '" + cluster.context() + "'): " + ex.getMessage(), ex);
		}
		if (hasText(cluster.serverOverride())) {
			config.setMasterUrl(cluster.serverOverride());
		}
		// a failing call is retried by the job or the wait, not by blocking here for
		// minutes
		config.setRequestRetryBackoffLimit(requestRetries);
		return config;
	}

	/**
	 * Only for the one {@link ClusterConnection} (and tests): the application shares that
	 * client.
	 */
	static KubernetesClient create(K3sCluster cluster, int requestRetries) {
		return new KubernetesClientBuilder().withConfig(config(cluster, requestRetries)).build();
	}

	private static boolean hasText(String value) {
		return value != null && !value.isBlank();
	}

	private static String blankToNull(String value) {
		return hasText(value) ? value : null;
	}

}
