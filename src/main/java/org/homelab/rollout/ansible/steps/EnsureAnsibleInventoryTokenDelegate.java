package org.homelab.rollout.ansible.steps;

import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.proxmox.AuditorToken;
import org.homelab.rollout.proxmox.ProxmoxAccessOperations;

import org.springframework.stereotype.Component;

/**
 * The dynamic inventory's read-only Proxmox API token ({@code ansible@pve!inventory},
 * PVEAuditor, privilege-separated), its secret straight into Vault
 * ({@code services/ansible/proxmox-token}, key {@code secret}). An existing token whose
 * secret Vault holds is adopted; one whose secret Vault lacks cannot be shown again, so
 * it is deleted and made anew (the run then owns it). Sets what this run made, for the
 * undo; the secret never leaves this job.
 */
@Component
class EnsureAnsibleInventoryTokenDelegate implements JavaDelegate {

	private static final String COMMENT = "homelab-rollout: Ansible's dynamic inventory (read-only)";

	private final AnsibleSteps steps;

	EnsureAnsibleInventoryTokenDelegate(AnsibleSteps steps) {
		this.steps = steps;
	}

	@Override
	public void execute(DelegateExecution execution) {
		AnsibleStepProperties properties = this.steps.properties();
		ProxmoxAccessOperations access = this.steps.proxmox().access();
		AuditorToken token = access.ensureAuditorToken(properties.proxmoxUser(), properties.proxmoxTokenId(), COMMENT);
		boolean userCreated = token.userCreated();
		boolean userGranted = token.userGranted();
		boolean tokenCreated = token.tokenCreated();
		boolean written = false;
		if (token.secret().isEmpty() && this.steps.read(this.steps.proxmoxToken(), AnsibleSteps.SECRET) == null) {
			// adopted, but its secret is nowhere: make it anew
			access.deleteToken(properties.proxmoxUser(), properties.proxmoxTokenId());
			token = access.ensureAuditorToken(properties.proxmoxUser(), properties.proxmoxTokenId(), COMMENT);
			tokenCreated = true;
		}
		if (token.secret().isPresent()) {
			this.steps.store(this.steps.proxmoxToken(), Map.of(AnsibleSteps.SECRET, token.secret().get().reveal()));
			written = true;
		}
		execution.setVariable(AnsibleVariables.PROXMOX_TOKEN_ID, token.fullTokenId());
		execution.setVariable(AnsibleVariables.PROXMOX_TOKEN_PATH, this.steps.proxmoxToken().toString());
		execution.setVariable(AnsibleVariables.PROXMOX_USER_CREATED, userCreated);
		execution.setVariable(AnsibleVariables.PROXMOX_USER_GRANTED, userGranted);
		execution.setVariable(AnsibleVariables.PROXMOX_TOKEN_CREATED, tokenCreated);
		execution.setVariable(AnsibleVariables.PROXMOX_TOKEN_WRITTEN, written);
	}

}
