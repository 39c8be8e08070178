package org.homelab.rollout.vault;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.stereotype.Component;

/**
 * The policies the rollout writes, least privilege each: one per consuming service
 * reading only its own secrets ({@code <mount>/services/<service>/…}), one for the
 * External Secrets Operator reading the secrets of the services on K3s, and the engine's
 * own. The engine may write secrets but never read them back, and may manage only the
 * {@value #SERVICE_PREFIX}* policies, never its own, so it cannot widen its rights.
 */
@Component
public class VaultPolicies {

	public static final String ENGINE = "rollout-engine";

	public static final String SERVICE_PREFIX = "svc-";

	public static final String ESO = SERVICE_PREFIX + "external-secrets";

	public static final String ESO_ROLE = "external-secrets";

	/**
	 * The proof key ESO materialises to show the chain works:
	 * {@code <mount>/services/external-secrets/proof}.
	 */
	public static final String ESO_PROOF_SERVICE = "external-secrets";

	public static final String ESO_PROOF_NAME = "proof";

	/**
	 * The secrets the engine may read back (see {@link EngineSecrets}): GitLab's initial
	 * root password (read once, to hand it to the GitLab VM), the engine's own GitLab API
	 * token (read at each GitLab call), an external PostgreSQL's password for GitLab
	 * (read to hand it to the GitLab VM), the Ansible inventory's Proxmox token secret
	 * and the ansible project's deploy token (read to hand them to the ansible VM) and
	 * Argo CD's admin password (read at each session login to Argo CD's API), and Proxmox
	 * Backup Server's: the engine's password (read at each sign-in), Proxmox VE's backup
	 * token (read to hand it to PVE's storage entry) and the exporter's token (read to
	 * hand it to the PBS VM).
	 */
	public static final List<String> ENGINE_READABLE = List.of("services/gitlab/root-password",
			"services/gitlab/engine-token", "services/gitlab/db-password", "services/ansible/proxmox-token",
			"services/ansible/gitlab-deploy-token", "services/argocd/admin-password",
			"services/proxmox-backup/engine-password", "services/proxmox-backup/pve-token",
			"services/proxmox-backup/exporter-token");

	private static final List<String> READ = List.of("read");

	private final VaultProperties properties;

	VaultPolicies(VaultProperties properties) {
		this.properties = properties;
	}

	public static String serviceName(String service) {
		return SERVICE_PREFIX + service;
	}

	/** The per-service policies and the ESO policy, in the order they are written. */
	public List<PolicyDocument> services() {
		List<PolicyDocument> documents = new ArrayList<>();
		for (String service : this.properties.services()) {
			documents.add(PolicyDocument.of(serviceName(service),
					List.of(new PolicyDocument.Rule(service + " reads its own secrets", data(service) + "/*", READ),
							new PolicyDocument.Rule(service + " lists its own secrets", metadata(service) + "/*",
									List.of("read", "list")))));
		}
		documents.add(eso());
		return documents;
	}

	/**
	 * The role the External Secrets Operator's service account logs in with; its tokens
	 * live an hour.
	 */
	public KubernetesRole esoRole() {
		return new KubernetesRole(ESO_ROLE, List.of(this.properties.esoServiceAccount()),
				List.of(this.properties.esoNamespace()), List.of(ESO), Duration.ofHours(1));
	}

	PolicyDocument eso() {
		List<PolicyDocument.Rule> rules = new ArrayList<>();
		List<String> services = new ArrayList<>(this.properties.esoServices());
		// the operator's own proof key (ExternalSecret smoke test)
		services.add(ESO_PROOF_SERVICE);
		for (String service : services) {
			rules.add(new PolicyDocument.Rule("ESO materialises " + service + "'s secrets in K3s", data(service) + "/*",
					READ));
		}
		// GitLab Runner's tokens, not the rest of GitLab's secrets (root password, engine
		// token)
		rules.add(new PolicyDocument.Rule("ESO materialises the GitLab runners' tokens in K3s",
				this.properties.kvMount() + "/data/" + GITLAB_RUNNER_TOKENS + "*", READ));
		// Argo CD's repository credentials, not its admin password
		rules.add(new PolicyDocument.Rule("ESO materialises Argo CD's gitops deploy token in K3s",
				this.properties.kvMount() + "/data/" + ARGOCD_GITOPS_TOKEN, READ));
		return PolicyDocument.of(ESO, rules);
	}

	/**
	 * The engine's rights after the root token is revoked: converge this setup and store
	 * generated secrets.
	 */
	PolicyDocument engine() {
		String mount = this.properties.kvMount();
		String auth = this.properties.kubernetesAuthPath();
		return PolicyDocument.of(ENGINE, List.of(
				new PolicyDocument.Rule("see which secrets engines exist", "sys/mounts", READ),
				new PolicyDocument.Rule("converge (and roll back) the homelab KV mount", "sys/mounts/" + mount,
						List.of("create", "read", "update", "delete")),
				new PolicyDocument.Rule("store generated secrets without reading them back", mount + "/data/*",
						List.of("create", "update")),
				new PolicyDocument.Rule("see whether a secret exists, remove it on rollback", mount + "/metadata/*",
						List.of("read", "list", "delete")),
				// the exact path wins over mount/data/*, so it repeats create and update
				new PolicyDocument.Rule("store and compare the External Secrets proof value (a test value, no secret)",
						mount + "/data/" + esoProofPath(), List.of("create", "update", "read")),
				// exact paths win over mount/data/*, so they repeat create and update
				new PolicyDocument.Rule("hand GitLab's initial root password to its VM (ENGINE_READABLE)",
						mount + "/data/" + ENGINE_READABLE.get(0), List.of("create", "update", "read")),
				new PolicyDocument.Rule("call GitLab with the engine's own token (ENGINE_READABLE)",
						mount + "/data/" + ENGINE_READABLE.get(1), List.of("create", "update", "read")),
				new PolicyDocument.Rule("hand an external database's password to the GitLab VM (ENGINE_READABLE)",
						mount + "/data/" + ENGINE_READABLE.get(2), List.of("create", "update", "read")),
				new PolicyDocument.Rule("hand the Ansible inventory's Proxmox token to its VM (ENGINE_READABLE)",
						mount + "/data/" + ENGINE_READABLE.get(3), List.of("create", "update", "read")),
				new PolicyDocument.Rule("hand the ansible project's deploy token to its VM (ENGINE_READABLE)",
						mount + "/data/" + ENGINE_READABLE.get(4), List.of("create", "update", "read")),
				new PolicyDocument.Rule("log in to Argo CD's API as its admin (ENGINE_READABLE)",
						mount + "/data/" + ENGINE_READABLE.get(5), List.of("create", "update", "read")),
				new PolicyDocument.Rule("sign in to Proxmox Backup Server as rollout@pbs (ENGINE_READABLE)",
						mount + "/data/" + ENGINE_READABLE.get(6), List.of("create", "update", "read")),
				new PolicyDocument.Rule("hand Proxmox VE its backup token for PBS (ENGINE_READABLE)",
						mount + "/data/" + ENGINE_READABLE.get(7), List.of("create", "update", "read")),
				new PolicyDocument.Rule("hand the PBS exporter's token to its VM (ENGINE_READABLE)",
						mount + "/data/" + ENGINE_READABLE.get(8), List.of("create", "update", "read")),
				new PolicyDocument.Rule("list policies", "sys/policies/acl", List.of("list")),
				new PolicyDocument.Rule("converge the service policies, not its own",
						"sys/policies/acl/" + SERVICE_PREFIX + "*", List.of("create", "read", "update", "delete")),
				new PolicyDocument.Rule("check its own policy", "sys/policies/acl/" + ENGINE, READ),
				new PolicyDocument.Rule("see which auth methods exist", "sys/auth", READ),
				new PolicyDocument.Rule("converge (and roll back) Kubernetes auth; Vault asks sudo here",
						"sys/auth/" + auth, List.of("create", "read", "update", "delete", "sudo")),
				new PolicyDocument.Rule("point Kubernetes auth at K3s", "auth/" + auth + "/config",
						List.of("create", "read", "update")),
				new PolicyDocument.Rule("converge the roles of service accounts", "auth/" + auth + "/role/*",
						List.of("create", "read", "update", "delete", "list"))));
	}

	/**
	 * Where GitLab runners' tokens live under the KV mount: {@code <this><runner name>},
	 * key {@code token}.
	 */
	public static final String GITLAB_RUNNER_TOKENS = "services/gitlab/runner-";

	/**
	 * Argo CD's read-only deploy token of gitops (keys {@code username}, {@code token}),
	 * which ESO delivers as Argo CD's repository Secret.
	 */
	public static final String ARGOCD_GITOPS_TOKEN = "services/argocd/gitops-deploy-token";

	/** The External Secrets Operator's proof key under the KV mount. */
	public static String esoProofPath() {
		return "services/" + ESO_PROOF_SERVICE + "/" + ESO_PROOF_NAME;
	}

	private String data(String service) {
		return this.properties.kvMount() + "/data/services/" + service;
	}

	private String metadata(String service) {
		return this.properties.kvMount() + "/metadata/services/" + service;
	}

}
