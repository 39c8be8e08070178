package org.homelab.rollout.matrix.steps;

import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.matrix.VmFirewallUpdate;
import org.homelab.rollout.proxmox.ProxmoxOperations;

import org.springframework.stereotype.Component;

/**
 * The undo of {@code ensurePhaseFirewallDelegate}: deletes the rules whose comments it
 * recorded in {@code phaseFirewallRulesAdded}, and nothing else (an earlier phase's rules
 * and the homelab's own stay). In: {@code vmid}, {@code proxmoxNode}.
 */
@Component
class RemovePhaseFirewallDelegate implements JavaDelegate {

	private final ProxmoxOperations proxmox;

	private final VmFirewallUpdate update;

	RemovePhaseFirewallDelegate(ProxmoxOperations proxmox, VmFirewallUpdate update) {
		this.proxmox = proxmox;
		this.update = update;
	}

	@Override
	public void execute(DelegateExecution execution) {
		Object added = execution.getVariable(EnsurePhaseFirewallDelegate.ADDED);
		List<String> comments = (added instanceof String text) ? text.lines().filter(l -> !l.isBlank()).toList()
				: List.of();
		if (comments.isEmpty()) {
			return;
		}
		this.update.remove(this.proxmox.firewall(String.valueOf(execution.getVariable("proxmoxNode"))),
				(Integer) execution.getVariable("vmid"), comments);
	}

}
