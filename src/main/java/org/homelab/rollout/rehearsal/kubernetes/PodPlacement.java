package org.homelab.rollout.rehearsal.kubernetes;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * The scheduler's and kubelet's part for a release's Deployment: one pod per replica,
 * bound to a node whose labels match the {@code nodeSelector} and whose allocatable
 * {@code nvidia.com/gpu} covers the limit (Pending and Unschedulable otherwise); after
 * the boot latency scheduled pods run and the Deployment reports them ready.
 */
final class PodPlacement {

	private final KubernetesClient client;

	PodPlacement(KubernetesClient client) {
		this.client = client;
	}

	void replace(Deployment deployment, ChartValues values, List<Node> nodes) {
		String ns = deployment.getMetadata().getNamespace();
		String release = deployment.getMetadata().getName();
		this.client.pods().inNamespace(ns).withLabel(HelmReleases.INSTANCE, release).delete();
		List<Node> fitting = nodes.stream().filter(n -> fits(n, values)).toList();
		String template = Integer.toHexString(deployment.getSpec().getTemplate().hashCode() & 0xfffffff);
		for (int i = 0; i < values.replicas(); i++) {
			Optional<Node> node = fitting.isEmpty() ? Optional.empty() : Optional.of(fitting.get(i % fitting.size()));
			Pod pod = new PodBuilder().withNewMetadata()
				.withName(release + "-" + template + "-" + i)
				.withNamespace(ns)
				.withLabels(deployment.getSpec().getTemplate().getMetadata().getLabels())
				.endMetadata()
				.withSpec(deployment.getSpec().getTemplate().getSpec())
				.editSpec()
				.withNodeName(node.map(n -> n.getMetadata().getName()).orElse(null))
				.endSpec()
				.withNewStatus()
				.withPhase("Pending")
				.addNewCondition()
				.withType("PodScheduled")
				.withStatus(node.isPresent() ? "True" : "False")
				.withReason(node.isPresent() ? null : "Unschedulable")
				.withMessage(node.isPresent() ? null
						: "0/" + nodes.size() + " nodes are available: " + nodes.size()
								+ " node(s) didn't match Pod's node affinity/selector.")
				.endCondition()
				.endStatus()
				.build();
			this.client.pods().inNamespace(ns).resource(pod).create();
		}
	}

	/** The scheduled pods start and turn ready; the Deployment counts them. */
	void boot(String ns, String release) {
		Deployment deployment = this.client.apps().deployments().inNamespace(ns).withName(release).get();
		if (deployment == null) {
			return;
		}
		int ready = 0;
		for (Pod pod : this.client.pods().inNamespace(ns).withLabel(HelmReleases.INSTANCE, release).list().getItems()) {
			if (pod.getSpec().getNodeName() == null) {
				continue;
			}
			ready++;
			this.client.pods()
				.inNamespace(ns)
				.withName(pod.getMetadata().getName())
				.editStatus(p -> new PodBuilder(p).editStatus()
					.withPhase("Running")
					.withStartTime(HelmJobs.now())
					.addNewCondition()
					.withType("Ready")
					.withStatus("True")
					.endCondition()
					.addNewContainerStatus()
					.withName(p.getSpec().getContainers().get(0).getName())
					.withReady(true)
					.withStarted(true)
					.withNewState()
					.withNewRunning()
					.withStartedAt(HelmJobs.now())
					.endRunning()
					.endState()
					.endContainerStatus()
					.endStatus()
					.build());
		}
		int replicas = deployment.getSpec().getReplicas();
		int readyReplicas = ready;
		boolean available = readyReplicas >= replicas;
		this.client.apps()
			.deployments()
			.inNamespace(ns)
			.withName(release)
			.editStatus(d -> new DeploymentBuilder(d).withNewStatus()
				.withObservedGeneration(d.getMetadata().getGeneration())
				.withReplicas(replicas)
				.withUpdatedReplicas(replicas)
				.withReadyReplicas(readyReplicas)
				.withAvailableReplicas(readyReplicas)
				.withUnavailableReplicas(replicas - readyReplicas > 0 ? replicas - readyReplicas : null)
				.addNewCondition()
				.withType("Available")
				.withStatus(available ? "True" : "False")
				.withReason(available ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable")
				.withMessage(available ? "Deployment has minimum availability."
						: "Deployment does not have minimum availability.")
				.endCondition()
				.endStatus()
				.build());
	}

	private static boolean fits(Node node, ChartValues values) {
		Map<String, String> labels = node.getMetadata().getLabels();
		boolean selected = values.nodeSelector()
			.entrySet()
			.stream()
			.allMatch(e -> e.getValue().equals(labels.get(e.getKey())));
		Quantity gpus = node.getStatus().getAllocatable().get("nvidia.com/gpu");
		int available = (gpus == null) ? 0 : Integer.parseInt(gpus.getAmount());
		// a cordoned node (kubectl cordon) takes no new pods
		boolean cordoned = node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable());
		return selected && !cordoned && available >= values.gpus();
	}

}
