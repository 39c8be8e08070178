package org.homelab.rollout.kubernetes;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import io.fabric8.kubernetes.client.Config;

/**
 * The K3s API server as the rollout's client reaches it (the inventory's server override
 * applied): its URL and the CA (PEM) of its certificate, e.g. for Vault's Kubernetes
 * auth, which reviews service account tokens there.
 */
public record ApiServer(String url, String caCertPem) {

	static ApiServer of(Config config) {
		return new ApiServer(config.getMasterUrl().replaceAll("/+$", ""), caPem(config));
	}

	private static String caPem(Config config) {
		try {
			if (config.getCaCertData() != null && !config.getCaCertData().isBlank()) {
				return new String(Base64.getDecoder().decode(config.getCaCertData().trim()), StandardCharsets.UTF_8);
			}
			if (config.getCaCertFile() != null) {
				return Files.readString(Path.of(config.getCaCertFile()));
			}
		}
		catch (IOException | IllegalArgumentException ex) {
			throw new KubernetesException(
					"Cannot read the K3s API server's CA from the kubeconfig: " + ex.getMessage()
							+ ". Check certificate-authority(-data) of its cluster entry (inventory.k3s.kubeconfig).",
					ex);
		}
		throw new KubernetesException(
				"The K3s kubeconfig has no certificate-authority for its cluster, so nothing could "
						+ "verify the API server. Use the kubeconfig K3s writes (/etc/rancher/k3s/k3s.yaml).");
	}

}
