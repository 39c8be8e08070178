package org.homelab.rollout.ansible.steps;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.homelab.rollout.gitlab.GitlabOperations;
import org.homelab.rollout.gitlab.GitlabProject;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.inventory.PlannedVm;
import org.homelab.rollout.proxmox.GuestFiles;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.vault.EngineSecrets;
import org.homelab.rollout.vault.GeneratedSecrets;
import org.homelab.rollout.vault.SecretReference;
import org.homelab.rollout.vault.SecretWriter;
import org.homelab.rollout.vault.VaultTarget;
import org.homelab.rollout.vault.VaultTargets;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

/**
 * What the ansible steps share: the Vault entries
 * ({@code services/ansible/proxmox-token}, key {@value #SECRET};
 * {@code services/ansible/gitlab-deploy-token}, keys {@value #USERNAME} and
 * {@value #TOKEN}), the GitLab client (the application's {@link GitlabOperations} bean,
 * which reads the engine's token from Vault at each call), the project, and the VM's
 * guest agent. Values are read only in the job that needs them and never kept.
 */
@Component
@EnableConfigurationProperties(AnsibleStepProperties.class)
class AnsibleSteps {

	static final String SERVICE = "ansible";

	static final String PROXMOX_TOKEN = "proxmox-token";

	static final String DEPLOY_TOKEN = "gitlab-deploy-token";

	static final String SECRET = "secret";

	static final String USERNAME = "username";

	static final String TOKEN = "token";

	private final ObjectProvider<GitlabOperations> gitlab;

	private final GeneratedSecrets names;

	private final EngineSecrets secrets;

	private final SecretWriter writer;

	private final VaultTargets vaults;

	private final ProxmoxOperations proxmox;

	private final Inventory inventory;

	private final AnsibleStepProperties properties;

	private final String gitlabUrl;

	AnsibleSteps(ObjectProvider<GitlabOperations> gitlab, GeneratedSecrets names, EngineSecrets secrets,
			SecretWriter writer, VaultTargets vaults, ProxmoxOperations proxmox, Inventory inventory,
			AnsibleStepProperties properties, @Value("${rollout.gitlab.url:}") String gitlabUrl) {
		this.gitlab = gitlab;
		this.names = names;
		this.secrets = secrets;
		this.writer = writer;
		this.vaults = vaults;
		this.proxmox = proxmox;
		this.inventory = inventory;
		this.properties = properties;
		this.gitlabUrl = gitlabUrl;
	}

	AnsibleStepProperties properties() {
		return this.properties;
	}

	List<String> inventoryNodes() {
		return this.inventory.proxmox().nodes();
	}

	ProxmoxOperations proxmox() {
		return this.proxmox;
	}

	SecretReference proxmoxToken() {
		return this.names.reference(SERVICE, PROXMOX_TOKEN);
	}

	SecretReference deployToken() {
		return this.names.reference(SERVICE, DEPLOY_TOKEN);
	}

	boolean stored(SecretReference reference) {
		return this.writer.exists(target(), reference);
	}

	/** A key of a secret, for the one job that hands it on; null if absent. */
	String read(SecretReference reference, String key) {
		return this.secrets.read(target(), reference, key);
	}

	void store(SecretReference reference, Map<String, String> values) {
		this.secrets.replace(target(), reference, values);
	}

	/** Removes the secret with all its versions; absent is fine. */
	void delete(SecretReference reference) {
		this.writer.delete(target(), reference);
	}

	GitlabOperations gitlab() {
		GitlabOperations operations = this.gitlab.getIfAvailable();
		if (operations == null) {
			throw new IllegalStateException("No GitLab client in this engine (a GitlabOperations bean, made from "
					+ "GitLab's address and the engine's token in Vault at services/gitlab/engine-token): "
					+ "install GitLab CE (Phase 2.1) first, then retry.");
		}
		return operations;
	}

	/** The project {@code rollout.ansible.project}, created empty by Phase 2. */
	GitlabProject project() {
		String path = this.properties.project();
		return gitlab().projects()
			.findByPath(path)
			.orElseThrow(() -> new IllegalStateException("GitLab has no project " + path
					+ ": Phase 2 (gitlab-install) creates it; run it, or create the project, then retry."));
	}

	/**
	 * Where the VM clones the project from: GitLab's address as the engine knows it
	 * ({@code rollout.gitlab.url}, else the gitlab-ce VM), never with credentials.
	 */
	String cloneUrl() {
		String base = this.gitlabUrl.isBlank() ? "http://" + this.inventory.vm("gitlab-ce")
			.map(PlannedVm::address)
			.orElseThrow(() -> new IllegalStateException(
					"The inventory plans no VM 'gitlab-ce' (inventory.vms): add it, or set rollout.gitlab.url."))
				: this.gitlabUrl.replaceFirst("/$", "");
		return base + "/" + this.properties.project() + ".git";
	}

	/** The VM findVmDelegate found ({@code vmid}, {@code proxmoxNode}). */
	GuestFiles guest(VariableScope variables) {
		Object vmid = variables.getVariable("vmid");
		Object node = variables.getVariable("proxmoxNode");
		if (vmid == null || node == null) {
			throw new BpmnError(AnsibleVariables.FAILED, "No VM found for " + variables.getVariable("vmName")
					+ ": provision it (provision-vm) or name the right VM (inventory), then retry.");
		}
		return new GuestFiles(this.proxmox.agent(node.toString()), (Integer) vmid,
				String.valueOf(variables.getVariable("vmName")));
	}

	private VaultTarget target() {
		return this.vaults.target(null, null);
	}

}
