package org.homelab.rollout.kubernetes;

import java.util.List;

/** The K3s cluster, one concern at a time; inject this, not the templates. */
public interface KubernetesOperations {

	HelmReleaseOperations opsForHelmReleases();

	ManifestOperations opsForManifests();

	/**
	 * The API server's URL and CA, as the client reaches it; reads the kubeconfig, calls
	 * nothing.
	 */
	ApiServer apiServer();

	/** The values files of the releases, rendered with the inventory's facts. */
	HelmValues helmValues();

	/**
	 * The cluster's nodes, Ready or not, with their allocatable GPUs; one call (GET
	 * {@code /api/v1/nodes}).
	 */
	List<ClusterNode> nodes();

}
