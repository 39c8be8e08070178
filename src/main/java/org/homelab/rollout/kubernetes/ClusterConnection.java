package org.homelab.rollout.kubernetes;

import java.util.function.Supplier;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The application's one fabric8 client, built on first use: the engine starts (and serves
 * the other phases) even while the kubeconfig is not in place yet; the first Kubernetes
 * step then fails with a message naming the property. Other packages needing what the
 * operations interfaces do not offer take their client from here, never build one.
 */
public final class ClusterConnection implements AutoCloseable {

	private final Supplier<KubernetesClient> factory;

	private KubernetesClient client;

	ClusterConnection(Supplier<KubernetesClient> factory) {
		this.factory = factory;
	}

	public synchronized KubernetesClient client() {
		if (this.client == null) {
			this.client = this.factory.get();
		}
		return this.client;
	}

	@Override
	public synchronized void close() {
		if (this.client != null) {
			this.client.close();
			this.client = null;
		}
	}

}
