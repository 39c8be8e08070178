package org.homelab.rollout.ansible.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.engine.RolloutRun;
import org.homelab.rollout.gitlab.GitlabOperations;
import org.homelab.rollout.gitlab.GitlabProject;
import org.homelab.rollout.gitlab.RevertResult;
import org.homelab.rollout.proxmox.AuditorToken;

import org.springframework.stereotype.Component;

/**
 * Undo of ansible-install's access and content, only what that run made (its marks): the
 * deploy token revoked if it created it, its commits in homelab/ansible reverted by new
 * commits ({@code revertRun}: none touched that are not the run's, none reverted twice),
 * the Proxmox token, user and ACL entry it created deleted ({@code access().undo}). Sets
 * {@code ansibleRemoved}. Repeating it changes nothing more.
 */
@Component
class RemoveAnsibleAccessDelegate implements JavaDelegate {

	private final AnsibleSteps steps;

	RemoveAnsibleAccessDelegate(AnsibleSteps steps) {
		this.steps = steps;
	}

	@Override
	public void execute(DelegateExecution execution) {
		AnsibleStepProperties properties = this.steps.properties();
		List<String> removed = new ArrayList<>();
		boolean tokenCreated = AnsibleVariables.flag(execution, AnsibleVariables.DEPLOY_TOKEN_CREATED);
		Object tokenId = execution.getVariable(AnsibleVariables.DEPLOY_TOKEN_ID);
		boolean committed = AnsibleVariables.flag(execution, AnsibleVariables.CONTENT_COMMITTED);
		if ((tokenCreated && tokenId != null) || committed) {
			GitlabOperations gitlab = this.steps.gitlab();
			Optional<GitlabProject> project = gitlab.projects().findByPath(properties.project());
			if (project.isPresent()) {
				if (tokenCreated && tokenId != null) {
					gitlab.deployTokens().revoke(project.get().id(), ((Number) tokenId).longValue());
					removed.add("deploy token " + tokenId + " revoked");
				}
				if (committed) {
					RevertResult reverted = gitlab.repository()
						.revertRun(project.get().id(), properties.branch(), RolloutRun.of(execution));
					removed.add(reverted.reverts().size() + " commit(s) reverted");
				}
			}
		}
		boolean userCreated = AnsibleVariables.flag(execution, AnsibleVariables.PROXMOX_USER_CREATED);
		boolean userGranted = AnsibleVariables.flag(execution, AnsibleVariables.PROXMOX_USER_GRANTED);
		boolean proxmoxTokenCreated = AnsibleVariables.flag(execution, AnsibleVariables.PROXMOX_TOKEN_CREATED);
		if (userCreated || userGranted || proxmoxTokenCreated) {
			this.steps.proxmox()
				.access()
				.undo(properties.proxmoxUser(), properties.proxmoxTokenId(), new AuditorToken(properties.fullTokenId(),
						userCreated, userGranted, proxmoxTokenCreated, Optional.empty()));
			removed.add("Proxmox " + (proxmoxTokenCreated ? "token " + properties.fullTokenId() + " " : "")
					+ (userCreated ? "user " + properties.proxmoxUser() + " " : "")
					+ (userGranted && !userCreated ? "ACL entry of " + properties.proxmoxUser() + " " : "")
					+ "removed");
		}
		execution.setVariable(AnsibleVariables.REMOVED, String.join("; ", removed));
	}

}
