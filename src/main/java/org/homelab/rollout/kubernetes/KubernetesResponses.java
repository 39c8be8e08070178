package org.homelab.rollout.kubernetes;

import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * The one place that turns fabric8's failures into messages naming the call and the API
 * server's answer.
 */
final class KubernetesResponses {

	private KubernetesResponses() {
	}

	/** Runs one API call; {@code call} reads like "PUT helmcharts kube-system/argocd". */
	static <T> T call(String call, Supplier<T> request) {
		try {
			return request.get();
		}
		catch (KubernetesClientException ex) {
			throw translate(call, ex);
		}
	}

	static KubernetesException translate(String call, KubernetesClientException ex) {
		Status status = ex.getStatus();
		String answer = (status != null && status.getMessage() != null) ? status.getMessage() : ex.getMessage();
		String code = (ex.getCode() > 0) ? "HTTP " + ex.getCode() : "no answer";
		return new KubernetesException(
				"K3s API server: " + call + " failed (" + code + "): " + answer + ". " + advice(ex.getCode()), ex);
	}

	private static String advice(int code) {
		return switch (code) {
			case 401, 403 -> "Check the kubeconfig's credentials and their RBAC rights (inventory.k3s.kubeconfig).";
			case 409 -> "Someone else changed the object meanwhile; retrying reads it again.";
			case 422 -> "The object does not pass the CRD schema; fix the inputs or values it was built from.";
			case 0 -> "Check that the API server is reachable (inventory.k3s.server-override) and its CA trusted.";
			default -> (code >= 500) ? "The API server had trouble; retrying usually helps." : "See the answer above.";
		};
	}

}
