package org.homelab.rollout.ansible.steps;

import org.camunda.bpm.engine.delegate.VariableScope;
import org.homelab.rollout.criteria.Criterion;

/**
 * The process variables of ansible-install, ansible-check and ansible-remove. Only Vault
 * paths, ids and facts: never a token or its secret.
 */
public final class AnsibleVariables {

	/** The VM Ansible runs on (the plan's {@code ansible}). */
	public static final String VM_NAME = "vmName";

	/** The Vault path of the inventory token's secret (key {@code secret}). */
	public static final String PROXMOX_TOKEN_PATH = "ansibleProxmoxTokenPath";

	/** {@code ansible@pve!inventory}. */
	public static final String PROXMOX_TOKEN_ID = "ansibleProxmoxTokenId";

	/** Whether this run created the Proxmox user {@code ansible@pve}. */
	public static final String PROXMOX_USER_CREATED = "ansibleProxmoxUserCreated";

	/** Whether this run gave the (existing) user its ACL entry. */
	public static final String PROXMOX_USER_GRANTED = "ansibleProxmoxUserGranted";

	/** Whether this run created the token (and its ACL entry). */
	public static final String PROXMOX_TOKEN_CREATED = "ansibleProxmoxTokenCreated";

	/** Whether this run wrote the token's secret into Vault. */
	public static final String PROXMOX_TOKEN_WRITTEN = "ansibleProxmoxTokenWritten";

	/** The commit this run made in homelab/ansible; empty when nothing differed. */
	public static final String CONTENT_COMMIT = "ansibleContentCommit";

	/** Whether this run committed into homelab/ansible. */
	public static final String CONTENT_COMMITTED = "ansibleContentCommitted";

	/** The GitLab id of the deploy token (an id, not a secret). */
	public static final String DEPLOY_TOKEN_ID = "ansibleDeployTokenId";

	/** Whether this run created the deploy token. */
	public static final String DEPLOY_TOKEN_CREATED = "ansibleDeployTokenCreated";

	/** The Vault path of the deploy token (keys {@code username}, {@code token}). */
	public static final String DEPLOY_TOKEN_PATH = "ansibleDeployTokenPath";

	/** Whether this run wrote the deploy token into Vault. */
	public static final String DEPLOY_TOKEN_WRITTEN = "ansibleDeployTokenWritten";

	/** The URL the VM clones from (no credentials in it). */
	public static final String CLONE_URL = "ansibleCloneUrl";

	/** The homelab VMs ansible-inventory listed in the group homelab, comma-separated. */
	public static final String INVENTORY_HOSTS = "ansibleInventoryHosts";

	/** run-script's output. */
	public static final String SCRIPT_OUTPUT = "scriptOutput";

	/** The output of the --check run (ansible-check). */
	public static final String CHECK_OUTPUT = "ansibleCheckRunOutput";

	/** The output of the first real run (ansible-check). */
	public static final String FIRST_OUTPUT = "ansibleFirstRunOutput";

	/** The output of the second real run (ansible-check). */
	public static final String SECOND_OUTPUT = "ansibleSecondRunOutput";

	/** Criterion "Ansible playbooks functional": {@code …Met}, {@code …Result}. */
	public static final String PLAYBOOKS_FUNCTIONAL = "ansiblePlaybooksFunctional";

	/** Criterion "Infrastructure automation working": {@code …Met}, {@code …Result}. */
	public static final String AUTOMATION_WORKING = "ansibleAutomationWorking";

	/** What ansible-remove undid, for a person. */
	public static final String REMOVED = "ansibleRemoved";

	/** The BPMN error of an Ansible step a person must act on. */
	public static final String FAILED = "ANSIBLE_FAILED";

	private AnsibleVariables() {
	}

	static boolean flag(VariableScope execution, String name) {
		return Boolean.TRUE.equals(execution.getVariable(name));
	}

	static void criterion(VariableScope execution, String key, Criterion criterion) {
		String result = criterion.result();
		execution.setVariable(key + "Met", criterion.met());
		execution.setVariable(key + "Result", (result.length() <= 3900) ? result : result.substring(0, 3900) + "…");
	}

}
