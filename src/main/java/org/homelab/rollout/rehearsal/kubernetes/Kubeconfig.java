package org.homelab.rollout.rehearsal.kubernetes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * A kubeconfig as K3s writes {@code /etc/rancher/k3s/k3s.yaml}: one cluster, user and
 * context, all "default".
 */
final class Kubeconfig {

	private Kubeconfig() {
	}

	/** {@code caPem} is the API server's certificate (PEM), trusted as the cluster CA. */
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

	static String readPem(String path) {
		try {
			return Files.readString(Path.of(path));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the API server certificate", ex);
		}
	}

}
