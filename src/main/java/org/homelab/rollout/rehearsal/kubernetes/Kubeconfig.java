package org.homelab.rollout.rehearsal.kubernetes;

import java.util.Base64;

/**
 * A kubeconfig as K3s writes {@code /etc/rancher/k3s/k3s.yaml}: one cluster, user and
 * context, all "default".
 */
final class Kubeconfig {

	private Kubeconfig() {
	}

	/** {@code caPem} is the cluster CA (PEM) that signed the API server's certificate. */
	static String render(String server, String caPem, String token) {
		String ca = Base64.getEncoder().encodeToString(caPem.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		return """
				apiVersion: v1
				clusters:
				- cluster:
				    certificate-authority-data: %s
				    server: %s
				  name: default
				contexts:
				- context:
				    cluster: default
				    user: default
				  name: default
				current-context: default
				kind: Config
				preferences: {}
				users:
				- name: default
				  user:
				    token: %s
				""".formatted(ca, server, token);
	}

}
