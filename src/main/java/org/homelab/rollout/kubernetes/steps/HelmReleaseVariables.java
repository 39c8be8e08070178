package org.homelab.rollout.kubernetes.steps;

import org.homelab.rollout.engine.RolloutRun;

/**
 * The variables of {@code install-helm-release} and {@code uninstall-helm-release},
 * shared with tests.
 */
public final class HelmReleaseVariables {

	/** In: the release (and HelmChart) name, a DNS label. */
	public static final String RELEASE_NAME = "releaseName";

	/** In: the chart name in its repository, e.g. {@code argo-cd}. */
	public static final String CHART = "chart";

	/** In: the chart repository URL (optional for charts K3s finds by URL). */
	public static final String CHART_REPO = "chartRepo";

	/** In: the chart version (optional: the latest). */
	public static final String CHART_VERSION = "chartVersion";

	/** In: the namespace the release installs into (created if missing). */
	public static final String RELEASE_NAMESPACE = "releaseNamespace";

	/**
	 * In: the values file under {@code rollout.kubernetes.values-dir}, e.g.
	 * {@code argocd.yaml} (optional).
	 */
	public static final String VALUES_REF = "valuesRef";

	/**
	 * In: a placement key of the inventory ({@code argocd}, {@code runnerGpu},
	 * {@code runnerGeneral}) or a node.
	 */
	public static final String PLACEMENT = "placement";

	/**
	 * In (optional): how long the workloads may take to get ready, ISO 8601, default
	 * PT15M.
	 */
	public static final String READY_TIMEOUT = "releaseReadyTimeout";

	/**
	 * In (optional): the rollout run, else the business key, else the root process
	 * instance.
	 */
	public static final String ROLLOUT_RUN = RolloutRun.VARIABLE;

	/** Out: the node the placement resolved to ("" for none). */
	public static final String RELEASE_NODE = "releaseNode";

	/** Out: this run created the HelmChart: only then does compensation uninstall it. */
	public static final String RELEASE_CREATED = "releaseCreated";

	/** Out: the HelmChart existed with the same spec and was adopted. */
	public static final String RELEASE_ADOPTED = "releaseAdopted";

	/** Out: the HelmChart existed with another spec and was updated (an upgrade). */
	public static final String RELEASE_UPDATED = "releaseUpdated";

	/** Internal: the uid of the install Job before the write, so the wait ignores it. */
	public static final String PREVIOUS_JOB_UID = "previousHelmJobUid";

	/** Out: the nodes the release's pods run on, comma-separated. */
	public static final String RELEASE_NODES = "releaseNodes";

	/** Out of uninstall-helm-release: whether it deleted a HelmChart. */
	public static final String RELEASE_UNINSTALLED = "releaseUninstalled";

	private HelmReleaseVariables() {
	}

}
