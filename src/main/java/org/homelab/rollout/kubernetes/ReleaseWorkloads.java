package org.homelab.rollout.kubernetes;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.homelab.rollout.kubernetes.ReleaseHealth.State;

import static org.homelab.rollout.kubernetes.KubernetesResponses.call;

/**
 * A release's workloads, found as Helm charts label them
 * ({@code app.kubernetes.io/instance=<release>}): ready when every Deployment has its
 * replicas ready and every DaemonSet its pods, placed right when no pod runs elsewhere
 * than on the requested node.
 */
final class ReleaseWorkloads {

	static final String INSTANCE = "app.kubernetes.io/instance";

	private final KubernetesClient client;

	ReleaseWorkloads(KubernetesClient client) {
		this.client = client;
	}

	ReleaseHealth health(String release, String ns, String node) {
		String selector = INSTANCE + "=" + release;
		List<Deployment> deployments = call("GET deployments " + ns + " " + selector,
				() -> this.client.apps().deployments().inNamespace(ns).withLabel(INSTANCE, release).list().getItems());
		List<DaemonSet> daemonSets = call("GET daemonsets " + ns + " " + selector,
				() -> this.client.apps().daemonSets().inNamespace(ns).withLabel(INSTANCE, release).list().getItems());
		List<Pod> pods = call("GET pods " + ns + " " + selector,
				() -> this.client.pods().inNamespace(ns).withLabel(INSTANCE, release).list().getItems());
		List<String> nodes = pods.stream()
			.map(p -> p.getSpec().getNodeName())
			.filter(Objects::nonNull)
			.distinct()
			.sorted()
			.toList();
		if (node != null && !node.isBlank()) {
			List<String> elsewhere = pods.stream()
				.filter(p -> p.getSpec().getNodeName() != null && !node.equals(p.getSpec().getNodeName()))
				.map(p -> p.getMetadata().getName() + " on " + p.getSpec().getNodeName())
				.toList();
			if (!elsewhere.isEmpty()) {
				return new ReleaseHealth(State.MISPLACED, "release " + release + " should run on " + node
						+ " but pod(s) " + String.join(", ", elsewhere) + " run elsewhere", nodes);
			}
		}
		if (deployments.isEmpty() && daemonSets.isEmpty()) {
			return new ReleaseHealth(State.NOT_READY,
					"a Deployment or DaemonSet labelled " + selector + " in namespace " + ns, nodes);
		}
		List<String> waiting = new ArrayList<>();
		deployments.stream()
			.filter(d -> !ready(d))
			.forEach(d -> waiting.add("Deployment " + ns + "/" + d.getMetadata().getName() + " ("
					+ count(d.getStatus() == null ? null : d.getStatus().getReadyReplicas()) + "/"
					+ d.getSpec().getReplicas() + " ready)"));
		daemonSets.stream()
			.filter(d -> !ready(d))
			.forEach(d -> waiting.add("DaemonSet " + ns + "/" + d.getMetadata().getName() + " to have its pods ready"));
		if (waiting.isEmpty()) {
			return new ReleaseHealth(State.READY, "release " + release + " ready on " + String.join(", ", nodes),
					nodes);
		}
		unschedulable(pods).ifPresent(waiting::add);
		return new ReleaseHealth(State.NOT_READY, String.join("; ", waiting), nodes);
	}

	private static boolean ready(Deployment deployment) {
		int wanted = (deployment.getSpec().getReplicas() == null) ? 1 : deployment.getSpec().getReplicas();
		return deployment.getStatus() != null && count(deployment.getStatus().getReadyReplicas()) >= wanted;
	}

	private static boolean ready(DaemonSet daemonSet) {
		var status = daemonSet.getStatus();
		return status != null && count(status.getDesiredNumberScheduled()) > 0
				&& count(status.getNumberReady()) >= count(status.getDesiredNumberScheduled());
	}

	/**
	 * The scheduler's word on a pod it cannot place, e.g. "0/3 nodes are available: …
	 * node affinity/selector".
	 */
	private static Optional<String> unschedulable(List<Pod> pods) {
		return pods.stream()
			.filter(p -> p.getStatus() != null && p.getStatus().getConditions() != null)
			.flatMap(p -> p.getStatus()
				.getConditions()
				.stream()
				.filter(ReleaseWorkloads::isUnschedulable)
				.map(c -> "pod " + p.getMetadata().getName() + " unschedulable: " + c.getMessage()))
			.findFirst();
	}

	private static boolean isUnschedulable(PodCondition condition) {
		return "PodScheduled".equals(condition.getType()) && "False".equals(condition.getStatus());
	}

	private static int count(Integer value) {
		return (value == null) ? 0 : value;
	}

}
