package org.homelab.rollout.kubernetes;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Quantity;

/** {@link KubernetesOperations} over one lazily built client. */
class KubernetesTemplate implements KubernetesOperations {

	private final HelmReleaseOperations helmReleases;

	private final ManifestOperations manifests;

	private final HelmValues values;

	private final ClusterConnection connection;

	KubernetesTemplate(ClusterConnection connection, KubernetesProperties properties, HelmValues values) {
		this.connection = connection;
		this.helmReleases = new HelmReleaseTemplate(connection, properties);
		this.manifests = new ManifestTemplate(connection);
		this.values = values;
	}

	@Override
	public HelmReleaseOperations opsForHelmReleases() {
		return this.helmReleases;
	}

	@Override
	public ManifestOperations opsForManifests() {
		return this.manifests;
	}

	@Override
	public ApiServer apiServer() {
		return ApiServer.of(this.connection.client().getConfiguration());
	}

	@Override
	public List<ClusterNode> nodes() {
		return KubernetesResponses.call("GET nodes", () -> this.connection.client().nodes().list())
			.getItems()
			.stream()
			.map(KubernetesTemplate::node)
			.toList();
	}

	private static ClusterNode node(Node node) {
		boolean ready = node.getStatus() != null && node.getStatus().getConditions() != null
				&& node.getStatus()
					.getConditions()
					.stream()
					.anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
		Map<String, Quantity> allocatable = (node.getStatus() != null) ? node.getStatus().getAllocatable() : null;
		Quantity gpus = (allocatable != null) ? allocatable.get("nvidia.com/gpu") : null;
		return new ClusterNode(node.getMetadata().getName(), ready,
				(gpus != null) ? gpus.getNumericalAmount().intValue() : 0);
	}

	@Override
	public HelmValues helmValues() {
		return this.values;
	}

}
