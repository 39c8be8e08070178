package org.homelab.rollout.monitoring;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBindingBuilder;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBuilder;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.homelab.rollout.kubernetes.ManifestOperations;

/**
 * Prometheus's access to K3s: a ServiceAccount, a read-only ClusterRole (discovery,
 * /metrics, the service proxy kube-state-metrics is scraped through) bound to it, and a
 * long-lived token Secret the token controller fills. Each object carries the run that
 * made it, so removal touches only a run's own. The token is handed to the caller in
 * memory, never to a process.
 */
public final class ClusterMonitoringAccess {

	public static final String RUN_LABEL = "homelab-rollout/run";

	private final ManifestOperations manifests;

	private final Supplier<KubernetesClient> client;

	private final String namespace;

	private final String name;

	public ClusterMonitoringAccess(ManifestOperations manifests, Supplier<KubernetesClient> client, String namespace,
			String name) {
		this.manifests = manifests;
		this.client = client;
		this.namespace = namespace;
		this.name = name;
	}

	/** The objects, in the order they are created (deleted in reverse). */
	public List<HasMetadata> manifests(String run) {
		Map<String, String> labels = Map.of("app.kubernetes.io/managed-by", "homelab-rollout", RUN_LABEL, run);
		return List.of(
				new ServiceAccountBuilder().withNewMetadata()
					.withName(this.name)
					.withNamespace(this.namespace)
					.withLabels(labels)
					.endMetadata()
					.build(),
				new ClusterRoleBuilder().withNewMetadata()
					.withName(this.name)
					.withLabels(labels)
					.endMetadata()
					.withRules(
							new PolicyRuleBuilder().withApiGroups("")
								.withResources("nodes", "nodes/metrics", "services", "endpoints", "pods")
								.withVerbs("get", "list", "watch")
								.build(),
							new PolicyRuleBuilder().withApiGroups("")
								.withResources("services/proxy")
								// and Phase 2's runners' and Phase 3's Argo CD metrics
								// Services
								.withResourceNames(proxied())
								.withVerbs("get")
								.build(),
							new PolicyRuleBuilder().withApiGroups("discovery.k8s.io")
								.withResources("endpointslices")
								.withVerbs("get", "list", "watch")
								.build(),
							new PolicyRuleBuilder().withNonResourceURLs("/metrics").withVerbs("get").build())
					.build(),
				new ClusterRoleBindingBuilder().withNewMetadata()
					.withName(this.name)
					.withLabels(labels)
					.endMetadata()
					.withNewRoleRef("rbac.authorization.k8s.io", "ClusterRole", this.name)
					.addNewSubject()
					.withKind("ServiceAccount")
					.withName(this.name)
					.withNamespace(this.namespace)
					.endSubject()
					.build());
	}

	/** The Services Prometheus scrapes through the API server's proxy. */
	private static List<String> proxied() {
		List<String> names = new java.util.ArrayList<>(List.of("kube-state-metrics:http"));
		GitlabTargets.RUNNER_RELEASES.forEach(release -> names.add(release + ":metrics"));
		// Phase 3: Argo CD's application controller (GitopsTargets)
		names.add(GitopsTargets.CONTROLLER_SERVICE + ":" + GitopsTargets.CONTROLLER_PORT);
		return names;
	}

	/**
	 * Creates what is missing and reports whether this run made the access: true when it
	 * created the token Secret or the Secret carries its run label (a re-run), false when
	 * it adopted someone else's.
	 */
	public boolean ensure(String run) {
		manifests(run).forEach(this.manifests::apply);
		Secret existing = call("GET Secret " + secretName(), () -> secrets().withName(secretName()).get());
		if (existing == null) {
			Secret secret = new SecretBuilder().withNewMetadata()
				.withName(secretName())
				.withNamespace(this.namespace)
				.withLabels(Map.of(RUN_LABEL, run))
				.withAnnotations(Map.of("kubernetes.io/service-account.name", this.name))
				.endMetadata()
				.withType("kubernetes.io/service-account-token")
				.build();
			call("POST Secret " + secretName(), () -> secrets().resource(secret).create());
			return true;
		}
		return run.equals(
				existing.getMetadata().getLabels() == null ? null : existing.getMetadata().getLabels().get(RUN_LABEL));
	}

	/**
	 * Deletes the Secret, binding, role and account, if they carry this run's label; true
	 * if anything went.
	 */
	public boolean remove(String run) {
		Secret existing = call("GET Secret " + secretName(), () -> secrets().withName(secretName()).get());
		if (existing != null && (existing.getMetadata().getLabels() == null
				|| !run.equals(existing.getMetadata().getLabels().get(RUN_LABEL)))) {
			return false;
		}
		if (existing != null) {
			call("DELETE Secret " + secretName(), () -> secrets().withName(secretName()).delete());
		}
		List<HasMetadata> objects = new java.util.ArrayList<>(manifests(run));
		java.util.Collections.reverse(objects);
		boolean any = existing != null;
		for (HasMetadata object : objects) {
			any |= this.manifests.delete(object);
		}
		return any;
	}

	/** The token and CA the token controller put into the Secret, once it has. */
	public Optional<Credentials> credentials() {
		Secret secret = call("GET Secret " + secretName(), () -> secrets().withName(secretName()).get());
		if (secret == null || secret.getData() == null || !secret.getData().containsKey("token")
				|| !secret.getData().containsKey("ca.crt")) {
			return Optional.empty();
		}
		return Optional
			.of(new Credentials(decode(secret.getData().get("token")), decode(secret.getData().get("ca.crt"))));
	}

	/** Node name to its InternalIP, as the API server reports them. */
	public Map<String, String> nodeAddresses() {
		Map<String, String> addresses = new LinkedHashMap<>();
		for (Node node : call("GET /api/v1/nodes", () -> this.client.get().nodes().list().getItems())) {
			node.getStatus()
				.getAddresses()
				.stream()
				.filter(a -> "InternalIP".equals(a.getType()))
				.map(NodeAddress::getAddress)
				.findFirst()
				.ifPresent(ip -> addresses.put(node.getMetadata().getName(), ip));
		}
		return addresses;
	}

	/**
	 * The API server's URL as the engine reaches it (kubeconfig, or the inventory's
	 * server override).
	 */
	public String apiServer() {
		return this.client.get().getMasterUrl().toString().replaceAll("/$", "");
	}

	public String secretName() {
		return this.name + "-token";
	}

	private io.fabric8.kubernetes.client.dsl.NonNamespaceOperation<Secret, io.fabric8.kubernetes.api.model.SecretList, io.fabric8.kubernetes.client.dsl.Resource<Secret>> secrets() {
		return this.client.get().secrets().inNamespace(this.namespace);
	}

	private static String decode(String base64) {
		return new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
	}

	private static <T> T call(String call, Supplier<T> action) {
		try {
			return action.get();
		}
		catch (KubernetesClientException ex) {
			// fabric8's message names the request and the Status the API server answered,
			// never a token
			throw new MonitoringException("K3s refused " + call + " (HTTP " + ex.getCode() + "): " + ex.getMessage()
					+ ". Check the kubeconfig's rights (inventory.k3s.kubeconfig).", ex);
		}
	}

	/** The service account's token and the cluster CA: secret, held in memory only. */
	public record Credentials(String token, String caPem) {

		@Override
		public String toString() {
			return "Credentials[token hidden]";
		}

	}

}
