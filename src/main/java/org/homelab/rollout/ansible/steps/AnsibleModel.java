package org.homelab.rollout.ansible.steps;

import org.homelab.rollout.inventory.Inventory;

import org.springframework.stereotype.Component;

/**
 * The scripts the ansible models run on the VM through run-script. None holds a secret:
 * the token's secret and the deploy token reach the VM as files written from Vault by
 * {@code writeAnsibleFilesDelegate}; the Git credential file is deleted by the clone
 * script whether the clone worked or not. The ansible commands get the inventory plugin's
 * variables on their command line (docs/ansible.md).
 */
@Component("ansibleModel")
public class AnsibleModel {

	/** The inventory token's secret on the VM (0400, the ansible user's). */
	static final String SECRET_FILE = "/etc/homelab-ansible/proxmox-token-secret";

	/** The cluster's CA on the VM. */
	static final String CA_FILE = "/etc/homelab-ansible/pve-root-ca.pem";

	/** The Git credential store the clone script reads and deletes. */
	static final String GIT_CREDENTIALS = "/root/.homelab-rollout-ansible-git-credentials";

	static final String GIT_OK = "/root/.homelab-rollout-ansible-git-ok";

	/** The line a playbook script ends with when ansible-playbook exited 0. */
	static final String EXIT_OK = "homelab-rollout: ansible-playbook exited 0";

	static final String EXIT_FAILED = "homelab-rollout: ansible-playbook failed";

	static final String USER = "ansible";

	/** Where ansible.cfg ({@code log_path}) has every run logged. */
	static final String LOG_DIR = "/var/log/ansible";

	/** Keeps the log small: the guest agent reads at most 16 MiB of a file. */
	static final String LOGROTATE_FILE = "/etc/logrotate.d/homelab-ansible";

	static final String LOGROTATE = LOG_DIR + "/ansible.log {\n\tsize 1M\n\trotate 4\n\tcompress\n\tmissingok\n"
			+ "\tnotifempty\n}\n";

	private final AnsibleStepProperties properties;

	private final Inventory inventory;

	AnsibleModel(AnsibleStepProperties properties, Inventory inventory) {
		this.properties = properties;
		this.inventory = inventory;
	}

	/**
	 * Debian's ansible and git, its node exporter for Prometheus (Phase 3's monitoring),
	 * the ansible user, the directory of its files: root's and the ansible group's only,
	 * so the secret the agent writes there is never readable by others, not even before
	 * the clone script makes it 0400; the directory of Ansible's log (ansible.cfg's
	 * {@code log_path}).
	 */
	public String installScript() {
		return """
				set -e
				export DEBIAN_FRONTEND=noninteractive
				apt-get update
				apt-get install -y ansible git
				apt-get install -y prometheus-node-exporter
				useradd --system --create-home --shell /bin/bash %1$s || true
				mkdir -p /etc/homelab-ansible
				chown root:%1$s /etc/homelab-ansible
				chmod 0750 /etc/homelab-ansible
				mkdir -p %2$s
				""".formatted(USER, LOG_DIR);
	}

	/**
	 * The secret file made the ansible user's (0400); the project cloned (or pulled) with
	 * the credential file, which is deleted right after, success or not.
	 */
	public String cloneScript(String cloneUrl) {
		String clone = this.properties.clonePath();
		String helper = "-c credential.helper='store --file=" + GIT_CREDENTIALS + "'";
		return """
				chown %1$s:%1$s %2$s && chmod 0400 %2$s
				chmod 0644 %3$s
				rm -f %4$s
				test -e %5$s/.git/HEAD || git %6$s clone %7$s %5$s
				git -C %5$s -c safe.directory=%5$s %6$s pull --ff-only && touch %4$s
				rm -f %8$s
				chown -R %1$s:%1$s %5$s
				test -e %4$s
				""".formatted(USER, SECRET_FILE, CA_FILE, GIT_OK, clone, helper, cloneUrl, GIT_CREDENTIALS);
	}

	/** The group homelab as the dynamic inventory sees it. */
	public String inventoryScript() {
		return "set -e\n" + environment() + "ansible-inventory -i " + this.properties.clonePath()
				+ "/inventory/proxmox.yml --graph homelab\n";
	}

	/**
	 * site.yml against the dynamic inventory, with {@code --check} or for real; always
	 * exits 0 and ends with whether ansible-playbook did, so that a failing playbook is a
	 * criterion not met rather than an incident.
	 */
	public String playbookScript(boolean check) {
		String clone = this.properties.clonePath();
		return environment() + "ansible-playbook -i " + clone + "/inventory/proxmox.yml " + clone + "/site.yml"
				+ (check ? " --check" : "") + " 2>&1 && echo '" + EXIT_OK + "' || echo '" + EXIT_FAILED + "'\n";
	}

	private String environment() {
		String url = this.inventory.proxmox().url().toString().replaceFirst("/api2/json/?$", "");
		String clone = this.properties.clonePath();
		return "PROXMOX_URL=" + url + " PROXMOX_USER=" + this.properties.proxmoxUser() + " PROXMOX_TOKEN_ID="
				+ this.properties.proxmoxTokenId() + " PROXMOX_TOKEN_SECRET_FILE=" + SECRET_FILE
				+ " REQUESTS_CA_BUNDLE=" + CA_FILE + " ANSIBLE_CONFIG=" + clone
				+ "/ansible.cfg ANSIBLE_INVENTORY_UNPARSED_FAILED=true ";
	}

}
