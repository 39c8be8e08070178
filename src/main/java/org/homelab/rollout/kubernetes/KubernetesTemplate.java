package org.homelab.rollout.kubernetes;

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
	public HelmValues helmValues() {
		return this.values;
	}

}
