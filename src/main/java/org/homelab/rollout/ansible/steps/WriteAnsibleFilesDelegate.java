package org.homelab.rollout.ansible.steps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.inventory.Inventory;

import org.springframework.stereotype.Component;

/**
 * Writes, through the guest agent, what the VM's clone and inventory need: the inventory
 * token's secret ({@value AnsibleModel#SECRET_FILE}, made 0400 and the ansible user's by
 * the clone script right after), the cluster's CA, and the Git credential store with the
 * deploy token, which the clone script deletes after use. Both secrets are read from
 * Vault in this job's memory only: never a variable, a command line or a message.
 */
@Component
class WriteAnsibleFilesDelegate implements JavaDelegate {

	private final AnsibleSteps steps;

	private final Inventory inventory;

	WriteAnsibleFilesDelegate(AnsibleSteps steps, Inventory inventory) {
		this.steps = steps;
		this.inventory = inventory;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String secret = this.steps.read(this.steps.proxmoxToken(), AnsibleSteps.SECRET);
		if (secret == null) {
			throw new IllegalStateException("Vault holds no inventory token secret at " + this.steps.proxmoxToken()
					+ " (key " + AnsibleSteps.SECRET + "): the step 'Ensure the inventory token' puts it there; "
					+ "retry from there.");
		}
		String username = this.steps.read(this.steps.deployToken(), AnsibleSteps.USERNAME);
		String token = this.steps.read(this.steps.deployToken(), AnsibleSteps.TOKEN);
		if (username == null || token == null) {
			throw new IllegalStateException("Vault holds no deploy token at " + this.steps.deployToken()
					+ " (keys username, token): the step 'Ensure the deploy token' puts it there; retry from there.");
		}
		URI clone = URI.create(this.steps.cloneUrl());
		Map<String, String> files = new LinkedHashMap<>();
		files.put(AnsibleModel.SECRET_FILE, secret);
		files.put(AnsibleModel.CA_FILE, ca());
		files.put(AnsibleModel.GIT_CREDENTIALS, clone.getScheme() + "://" + encode(username) + ":" + encode(token) + "@"
				+ clone.getRawAuthority() + "\n");
		files.put(AnsibleModel.LOGROTATE_FILE, AnsibleModel.LOGROTATE);
		this.steps.guest(execution).write(files);
	}

	/**
	 * {@code rollout.ansible.proxmox-ca-file}, else {@code inventory.proxmox.ca-file}.
	 */
	private String ca() {
		Path file = this.steps.properties().proxmoxCaFile();
		if (file == null && this.inventory.proxmox().caFile() != null && !this.inventory.proxmox().caFile().isBlank()) {
			file = Path.of(this.inventory.proxmox().caFile());
		}
		if (file == null) {
			throw new IllegalStateException("The ansible VM's inventory verifies Proxmox VE's certificate against the "
					+ "cluster's CA, and the engine knows none (it pins a fingerprint): copy /etc/pve/pve-root-ca.pem "
					+ "from a node and set rollout.ansible.proxmox-ca-file (or inventory.proxmox.ca-file), then retry.");
		}
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(
					"cannot read the cluster's CA " + file + " (rollout.ansible.proxmox-ca-file)", ex);
		}
	}

	private static String encode(String text) {
		return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
	}

}
