package org.homelab.rollout.rehearsal.kubernetes;

import java.util.LinkedHashMap;
import java.util.Map;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * A freshly installed K3s cluster: its namespaces, the plan's nodes (all Ready) and the
 * contract CRDs.
 */
final class ClusterSeed {

	static final String[] NAMESPACES = { "default", "kube-system", "kube-public", "kube-node-lease" };

	private ClusterSeed() {
	}

	static void seed(KubernetesClient client, KubernetesLabSettings settings, ContractCrds crds) {
		for (String name : NAMESPACES) {
			client.namespaces()
				.resource(new NamespaceBuilder().withNewMetadata()
					.withName(name)
					.addToLabels("kubernetes.io/metadata.name", name)
					.endMetadata()
					.withNewStatus()
					.withPhase("Active")
					.endStatus()
					.build())
				.create();
		}
		settings.nodes().forEach(node -> client.nodes().resource(node(node, settings.k3sVersion())).create());
		for (String definition : crds.definitions()) {
			// posted as published text: binding megabytes of schema to the model first
			// only costs time
			client.raw("/apis/apiextensions.k8s.io/v1/customresourcedefinitions", "POST", definition);
		}
	}

	private static Node node(KubernetesLabSettings.Node node, String version) {
		Map<String, String> labels = new LinkedHashMap<>();
		labels.put("kubernetes.io/hostname", node.name());
		labels.put("kubernetes.io/os", "linux");
		labels.put("kubernetes.io/arch", "amd64");
		labels.put("node.kubernetes.io/instance-type", "k3s");
		if (node.controlPlane()) {
			labels.put("node-role.kubernetes.io/control-plane", "true");
			labels.put("node-role.kubernetes.io/master", "true");
		}
		Map<String, Quantity> capacity = new LinkedHashMap<>();
		capacity.put("cpu", new Quantity("4"));
		capacity.put("memory", new Quantity("16331820Ki"));
		capacity.put("pods", new Quantity("110"));
		capacity.put("ephemeral-storage", new Quantity("61255492Ki"));
		if (node.gpus() > 0) {
			labels.put("nvidia.com/gpu.present", "true");
			capacity.put("nvidia.com/gpu", new Quantity(String.valueOf(node.gpus())));
		}
		return new NodeBuilder().withNewMetadata()
			.withName(node.name())
			.withLabels(labels)
			.addToAnnotations("k3s.io/internal-ip", node.internalIp())
			.addToAnnotations("k3s.io/hostname", node.name())
			.endMetadata()
			.withNewSpec()
			.withPodCIDR("10.42.0.0/24")
			.withProviderID("k3s://" + node.name())
			.endSpec()
			.withNewStatus()
			.withCapacity(capacity)
			.withAllocatable(capacity)
			.addNewAddress()
			.withType("InternalIP")
			.withAddress(node.internalIp())
			.endAddress()
			.addNewAddress()
			.withType("Hostname")
			.withAddress(node.name())
			.endAddress()
			.addNewCondition()
			.withType("Ready")
			.withStatus("True")
			.withReason("KubeletReady")
			.withMessage("kubelet is posting ready status")
			.endCondition()
			.withNewNodeInfo()
			.withKubeletVersion(version)
			.withKubeProxyVersion(version)
			.withContainerRuntimeVersion("containerd://2.1.4-k3s1")
			.withOperatingSystem("linux")
			.withArchitecture("amd64")
			.withOsImage("Ubuntu 24.04.3 LTS")
			.endNodeInfo()
			.endStatus()
			.build();
	}

}
