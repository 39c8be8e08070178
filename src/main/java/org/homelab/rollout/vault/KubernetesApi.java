package org.homelab.rollout.vault;

/**
 * Where Vault reaches the K3s API server to review service account tokens, and the CA
 * (PEM) of its certificate.
 */
public record KubernetesApi(String host, String caCertPem) {
}
