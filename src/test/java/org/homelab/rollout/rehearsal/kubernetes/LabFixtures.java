package org.homelab.rollout.rehearsal.kubernetes;

import java.util.Map;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.Resource;

/**
 * Builders and probes the lab's tests share; clients are built the product's way, from
 * the kubeconfig.
 */
final class LabFixtures {

	private LabFixtures() {
	}

	static KubernetesClient productClient(KubernetesLab lab) {
		return new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(lab.kubeconfig())).build();
	}

	/** A client that does not retry 5xx answers, so each call is one request. */
	static KubernetesClient nonRetryingClient(KubernetesLab lab) {
		Config config = Config.fromKubeconfig(lab.kubeconfig());
		config.setRequestRetryBackoffLimit(0);
		return new KubernetesClientBuilder().withConfig(config).build();
	}

	static GenericKubernetesResource chart(String name, Map<String, Object> spec) {
		return new GenericKubernetesResourceBuilder().withApiVersion("helm.cattle.io/v1")
			.withKind("HelmChart")
			.withNewMetadata()
			.withName(name)
			.withNamespace("kube-system")
			.endMetadata()
			.addToAdditionalProperties("spec", spec)
			.build();
	}

	static Resource<GenericKubernetesResource> helmChart(KubernetesClient client, String name) {
		return client.genericKubernetesResources(HelmController.HELM_CHARTS).inNamespace("kube-system").withName(name);
	}

	static Job job(KubernetesClient client, String name) {
		return client.batch().v1().jobs().inNamespace("kube-system").withName(name).get();
	}

	static boolean hasCondition(Job job, String type) {
		return job != null && job.getStatus() != null
				&& job.getStatus()
					.getConditions()
					.stream()
					.anyMatch(c -> c.getType().equals(type) && c.getStatus().equals("True"));
	}

	static boolean ready(KubernetesClient client, String ns, String name, int replicas) {
		Deployment d = client.apps().deployments().inNamespace(ns).withName(name).get();
		return d != null && d.getStatus() != null && Integer.valueOf(replicas).equals(d.getStatus().getReadyReplicas());
	}

}
