package org.homelab.rollout.ansible.steps;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the engine sets up the ansible VM (rollout.ansible), checked at binding.
 *
 * @param content what is committed into the project ({@code deploy/ansible/})
 * @param project the GitLab project, full path
 * @param branch the branch committed to and cloned
 * @param proxmoxUser the inventory's Proxmox user
 * @param proxmoxTokenId the inventory's token id (of that user)
 * @param deployTokenName the name of the project's read-only deploy token
 * @param deployTokenLifetime how long the deploy token is valid
 * @param clonePath where the VM keeps the clone
 * @param proxmoxCaFile PEM of the cluster's CA (a node's
 * {@code /etc/pve/pve-root-ca.pem}); blank: {@code inventory.proxmox.ca-file}
 */
@ConfigurationProperties("rollout.ansible")
public record AnsibleStepProperties(@DefaultValue("./deploy/ansible") Path content,
		@DefaultValue("homelab/ansible") String project, @DefaultValue("main") String branch,
		@DefaultValue("ansible@pve") String proxmoxUser, @DefaultValue("inventory") String proxmoxTokenId,
		@DefaultValue("homelab-rollout-ansible") String deployTokenName,
		@DefaultValue("365d") Duration deployTokenLifetime, @DefaultValue("/srv/ansible") String clonePath,
		Path proxmoxCaFile) {

	public AnsibleStepProperties {
		if (!project.matches("[a-z0-9][a-z0-9_.-]*/[a-z0-9][a-z0-9_.-]*")) {
			throw new IllegalArgumentException(
					"rollout.ansible.project '" + project + "' refused: group/project, e.g. homelab/ansible");
		}
		if (!proxmoxUser.matches("[A-Za-z0-9._-]+@[A-Za-z0-9._-]+")
				|| !proxmoxTokenId.matches("[A-Za-z][A-Za-z0-9._-]*")) {
			throw new IllegalArgumentException("rollout.ansible.proxmox-user '" + proxmoxUser + "' / proxmox-token-id '"
					+ proxmoxTokenId + "' refused: e.g. ansible@pve and inventory");
		}
		if (!clonePath.matches("/[A-Za-z0-9._/-]+")) {
			throw new IllegalArgumentException("rollout.ansible.clone-path '" + clonePath
					+ "' refused: an absolute path without spaces, e.g. /srv/ansible");
		}
		if (deployTokenLifetime.toDays() < 1 || deployTokenLifetime.toDays() > 365) {
			throw new IllegalArgumentException("rollout.ansible.deploy-token-lifetime " + deployTokenLifetime
					+ " refused: between 1 and 365 days");
		}
	}

	String fullTokenId() {
		return this.proxmoxUser + "!" + this.proxmoxTokenId;
	}

}
