package org.homelab.rollout.kubernetes;

import java.util.List;

/**
 * Helm releases on K3s, as HelmChart resources in
 * {@code rollout.kubernetes.chart-namespace} that K3s's helm-controller installs with a
 * {@code helm-install-<name>} Job and removes with {@code helm-delete-<name>}. Each
 * method looks or writes once and never waits: waiting is the caller's (the process's)
 * business.
 */
public interface HelmReleaseOperations {

	/**
	 * Creates the HelmChart (annotated with the rollout {@code run} creating it), adopts
	 * it if it exists with the same spec, or updates its spec.
	 * <p>
	 * Calls GET, then POST or PUT
	 * {@code /apis/helm.cattle.io/v1/namespaces/{ns}/helmcharts[/{name}]}
	 */
	HelmChartApplied applyChart(HelmReleaseRequest request, String run);

	/**
	 * The install Job of the release's current spec; a Job whose uid is
	 * {@code previousJobUid} is the old one.
	 * <p>
	 * Calls GET {@code helmcharts/{name}}, GET
	 * {@code /apis/batch/v1/namespaces/{ns}/jobs/helm-install-{name}}, on failure GET
	 * {@code pods?labelSelector=job-name=…} and {@code pods/{pod}/log?tailLines=…}
	 */
	HelmJobStatus installJob(String release, String previousJobUid);

	/**
	 * Whether the release's Deployments and DaemonSets in {@code targetNamespace} are
	 * ready, and on {@code node} (if not blank).
	 * <p>
	 * Calls GET {@code /apis/apps/v1/namespaces/{ns}/deployments}, {@code daemonsets},
	 * {@code /api/v1/namespaces/{ns}/pods} with
	 * {@code labelSelector=app.kubernetes.io/instance={release}}
	 */
	ReleaseHealth health(String release, String targetNamespace, String node);

	/**
	 * Deletes the HelmChart, which makes the helm-controller run
	 * {@code helm-delete-<name>}; false if it was absent.
	 * <p>
	 * Calls DELETE {@code /apis/helm.cattle.io/v1/namespaces/{ns}/helmcharts/{name}}
	 */
	boolean deleteChart(String release);

	/**
	 * Whether the HelmChart is gone (its delete Job done, the finalizer released).
	 * <p>
	 * Calls GET {@code helmcharts/{name}}, GET {@code jobs/helm-delete-{name}}
	 */
	UninstallStatus uninstallStatus(String release);

	/**
	 * How each wanted release compares with its HelmChart, read with one list of the
	 * chart namespace's HelmCharts; changes nothing (the plan preview).
	 * <p>
	 * Calls GET {@code /apis/helm.cattle.io/v1/namespaces/{ns}/helmcharts}
	 */
	List<ReleaseDrift> drift(List<HelmReleaseRequest> releases);

}
