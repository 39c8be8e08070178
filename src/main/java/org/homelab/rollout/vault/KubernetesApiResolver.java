package org.homelab.rollout.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import io.fabric8.kubernetes.client.Config;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.inventory.K3sCluster;

import org.springframework.stereotype.Component;

/** The K3s API server as the inventory's kubeconfig describes it (its server override wins over the kubeconfig). */
@Component
public class KubernetesApiResolver {

	private final Inventory inventory;

	KubernetesApiResolver(Inventory inventory) {
		this.inventory = inventory;
	}

	public KubernetesApi resolve() {
		K3sCluster k3s = this.inventory.k3s();
		Config config;
		try {
			boolean inline = k3s.kubeconfigContent() != null && !k3s.kubeconfigContent().isBlank();
			String content = inline ? k3s.kubeconfigContent() : Files.readString(Path.of(k3s.kubeconfig()));
			config = Config.fromKubeconfig(blankToNull(k3s.context()), content, inline ? null : k3s.kubeconfig());
		}
		catch (IOException | RuntimeException ex) {
			throw new VaultSetupException("Cannot read the K3s kubeconfig (inventory.k3s.kubeconfig or "
					+ "kubeconfig-content): " + ex.getMessage() + ". Vault's Kubernetes auth needs the API server's "
					+ "address and CA from it.", ex);
		}
		String host = (k3s.serverOverride() != null && !k3s.serverOverride().isBlank()) ? k3s.serverOverride()
				: config.getMasterUrl();
		return new KubernetesApi(host.replaceAll("/+$", ""), caPem(config));
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
			throw new VaultSetupException("Cannot read the K3s API server's CA from the kubeconfig: " + ex.getMessage()
					+ ". Check certificate-authority(-data) of its cluster entry.", ex);
		}
		throw new VaultSetupException("The K3s kubeconfig has no certificate-authority for its cluster: Vault could "
				+ "not verify the API server. Use the kubeconfig K3s writes (/etc/rancher/k3s/k3s.yaml).");
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text;
	}

}
