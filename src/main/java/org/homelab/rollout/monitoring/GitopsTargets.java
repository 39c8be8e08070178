package org.homelab.rollout.monitoring;

/**
 * What Prometheus scrapes of Phase 3 (GitOps &amp; Automation): Argo CD's application
 * controller in K3s through the API server's service proxy, as the runners are (the
 * argo-cd chart's {@code controller.metrics.enabled} Service
 * {@code <release>-application-controller-metrics}, port {@code http-metrics}, 8082: the
 * {@code argocd_app_*} series), and the ansible VM's node exporter when the inventory
 * plans that VM.
 *
 * @param namespace Argo CD's namespace
 * @param controllerService the application controller's metrics Service
 * @param ansible the ansible VM's node exporter, or null when the inventory plans no such
 * VM
 */
public record GitopsTargets(String namespace, String controllerService, ScrapePlan.NodeTarget ansible) {

	/** Prometheus's job of Argo CD: named after the matrix's service id. */
	public static final String JOB = "argocd";

	/** The argo-cd release (deploy/helm-values/argocd.yaml) and its namespace. */
	public static final String RELEASE = "argocd";

	public static final String NAMESPACE = "argocd";

	/** The chart's metrics Service of the application controller and its port's name. */
	public static final String CONTROLLER_SERVICE = RELEASE + "-application-controller-metrics";

	public static final String CONTROLLER_PORT = "http-metrics";

	/** The inventory VM the plan gives Ansible, and its node exporter's group. */
	public static final String ANSIBLE_VM = "ansible";

	public static final String ANSIBLE_GROUP = "ansible";

	static GitopsTargets of(String ansibleHost, int nodeExporterPort) {
		return new GitopsTargets(NAMESPACE, CONTROLLER_SERVICE, (ansibleHost == null) ? null
				: new ScrapePlan.NodeTarget(ANSIBLE_VM, ANSIBLE_GROUP, ansibleHost + ":" + nodeExporterPort));
	}

	/** The API server's service-proxy path of the controller's metrics. */
	public String controllerPath() {
		return "/api/v1/namespaces/" + this.namespace + "/services/" + this.controllerService + ":" + CONTROLLER_PORT
				+ "/proxy/metrics";
	}

}
