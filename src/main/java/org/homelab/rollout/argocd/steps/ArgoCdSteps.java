package org.homelab.rollout.argocd.steps;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.homelab.rollout.argocd.ArgoCdClients;
import org.homelab.rollout.argocd.ArgoCdException;
import org.homelab.rollout.argocd.ArgoCdOperations;
import org.homelab.rollout.argocd.ArgoCdPasswordSource;
import org.homelab.rollout.gitlab.GitlabOperations;
import org.homelab.rollout.gitlab.GitlabProject;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.kubernetes.ClusterConnection;
import org.homelab.rollout.vault.EngineSecrets;
import org.homelab.rollout.vault.SecretReference;
import org.homelab.rollout.vault.VaultPolicies;
import org.homelab.rollout.vault.VaultProperties;
import org.homelab.rollout.vault.VaultTarget;
import org.homelab.rollout.vault.VaultTargets;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What the Argo CD steps share: the names everything goes by (release, namespace, Vault
 * paths, the gitops repository's URL), the Vault the secrets go to, the Argo CD client
 * logging in with the admin password read from Vault at each login, and the GitLab client
 * (looked up at call time).
 */
@Component
class ArgoCdSteps {

	/** The Helm release of chart argo-cd, in Argo CD's namespace. */
	static final String RELEASE = "argocd";

	/** The chart's Secret with the generated first admin password. */
	static final String INITIAL_SECRET = "argocd-initial-admin-secret";

	/** Key of the admin password in Vault and in the initial Secret. */
	static final String PASSWORD_KEY = "password";

	/** The deploy token: Vault path under the KV mount, keys username and token. */
	static final String DEPLOY_TOKEN_PATH = VaultPolicies.ARGOCD_GITOPS_TOKEN;

	static final String DEPLOY_TOKEN_NAME = "argocd-gitops";

	/** The ExternalSecret and the repository Secret it makes. */
	static final String REPOSITORY_SECRET = "repo-gitops";

	private final ArgoCdClients clients;

	private final ObjectProvider<GitlabOperations> gitlab;

	private final VaultTargets targets;

	private final VaultProperties vault;

	private final EngineSecrets secrets;

	private final ClusterConnection cluster;

	private final Inventory inventory;

	private final String group;

	private final Map<String, ArgoCdOperations> sessions = new ConcurrentHashMap<>();

	ArgoCdSteps(ArgoCdClients clients, ObjectProvider<GitlabOperations> gitlab, VaultTargets targets,
			VaultProperties vault, EngineSecrets secrets, ClusterConnection cluster, Inventory inventory,
			@Value("${rollout.gitlab.group:homelab}") String group) {
		this.clients = clients;
		this.gitlab = gitlab;
		this.targets = targets;
		this.vault = vault;
		this.secrets = secrets;
		this.cluster = cluster;
		this.inventory = inventory;
		this.group = group;
	}

	String namespace() {
		return this.clients.properties().namespace();
	}

	VaultTarget vault(VariableScope variables) {
		return this.targets.target((String) variables.getVariable(ArgoCdVariables.VAULT_ADDRESS),
				(String) variables.getVariable(ArgoCdVariables.VAULT_CA_FILE));
	}

	VaultTarget vault(Map<String, Object> variables) {
		return this.targets.target((String) variables.get(ArgoCdVariables.VAULT_ADDRESS),
				(String) variables.get(ArgoCdVariables.VAULT_CA_FILE));
	}

	SecretReference adminPassword() {
		return new SecretReference(this.vault.kvMount(), this.clients.properties().passwordPath());
	}

	SecretReference deployToken() {
		return new SecretReference(this.vault.kvMount(), DEPLOY_TOKEN_PATH);
	}

	/** The admin password as Vault holds it now, asked at each login. */
	VaultAdminPasswordSource storedPassword(VaultTarget target) {
		return new VaultAdminPasswordSource(this.secrets, target, adminPassword());
	}

	/**
	 * The client at {@code url} logging in with the password in Vault, kept per address
	 * and Vault so that waits reuse its session (one remote call per look); the session
	 * lives in memory only, the password is read from Vault at each login.
	 */
	ArgoCdOperations argocd(VaultTarget target, String url) {
		return this.sessions.computeIfAbsent(url + " " + target,
				key -> this.clients.operations(url, storedPassword(target)));
	}

	/** A client of its own logging in with {@code passwords} (e.g. the initial one). */
	ArgoCdOperations argocd(ArgoCdPasswordSource passwords, String url) {
		return this.clients.operations(url, passwords);
	}

	/** Where the process found argocd-server ({@code argocdUrl}), else found now. */
	String url(Map<String, Object> variables) {
		Object url = variables.get(ArgoCdVariables.URL);
		return (url instanceof String given && !given.isBlank()) ? given
				: url((String) variables.get(ArgoCdVariables.RELEASE_NODE));
	}

	/**
	 * {@code rollout.argocd.url} when set (the front door's address), else argocd-server
	 * at its Service's http node port on the release node's InternalIP (plain HTTP:
	 * {@code server.insecure}, inside the homelab's network).
	 */
	String url(String releaseNode) {
		String configured = this.clients.properties().url();
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		KubernetesClient k3s = this.cluster.client();
		Service server = k3s.services()
			.inNamespace(namespace())
			.withLabel("app.kubernetes.io/part-of", "argocd")
			.withLabel("app.kubernetes.io/component", "server")
			.list()
			.getItems()
			.stream()
			.findFirst()
			.orElseThrow(() -> new ArgoCdException("GET /api/v1/namespaces/" + namespace() + "/services",
					"No argocd-server Service in namespace " + namespace() + ": install the argo-cd release first "
							+ "(argocd-install), or set rollout.argocd.url.",
					true, null));
		Integer port = server.getSpec()
			.getPorts()
			.stream()
			.filter(p -> "http".equals(p.getName()))
			.map(ServicePort::getNodePort)
			.findFirst()
			.orElse(null);
		if (port == null) {
			throw new ArgoCdException("GET /api/v1/namespaces/" + namespace() + "/services",
					"Service " + server.getMetadata().getName() + " has no http node port: give argocd.yaml "
							+ "server.service.type NodePort, or set rollout.argocd.url.",
					false, null);
		}
		Node node = (releaseNode != null) ? k3s.nodes().withName(releaseNode).get() : null;
		if (node == null) {
			node = k3s.nodes().list().getItems().stream().findFirst().orElse(null);
		}
		Optional<String> address = Optional.ofNullable(node)
			.flatMap(n -> n.getStatus()
				.getAddresses()
				.stream()
				.filter(a -> "InternalIP".equals(a.getType()))
				.map(NodeAddress::getAddress)
				.findFirst());
		return "http://" + address.orElseThrow(() -> new ArgoCdException("GET /api/v1/nodes",
				"K3s reports no node with an InternalIP to reach argocd-server's node port: set rollout.argocd.url.",
				true, null)) + ":" + port;
	}

	GitlabOperations gitlab() {
		GitlabOperations operations = this.gitlab.getIfAvailable();
		if (operations == null) {
			throw new IllegalStateException("No GitLab client in this engine (a GitlabOperations bean, made from "
					+ "GitLab's address and the engine's token in Vault at services/gitlab/engine-token): "
					+ "configure GitLab CE (Phase 2.1) first, then retry.");
		}
		return operations;
	}

	String gitopsPath() {
		return this.group + "/gitops";
	}

	/** The gitops project Phase 2 created (empty); Argo CD reads it. */
	GitlabProject gitopsProject() {
		return gitlab().projects()
			.findByPath(gitopsPath())
			.orElseThrow(() -> new IllegalStateException("GitLab has no project " + gitopsPath()
					+ " (GET /api/v4/projects/" + gitopsPath().replace("/", "%2F") + " answered 404): Phase 2's "
					+ "gitlab-install creates it; run it, then retry."));
	}

	/** What Argo CD clones: {@code https://gitlab.<domain>/homelab/gitops.git}. */
	String repositoryUrl() {
		return "https://gitlab." + this.inventory.network().dnsDomain() + "/" + gitopsPath() + ".git";
	}

}
