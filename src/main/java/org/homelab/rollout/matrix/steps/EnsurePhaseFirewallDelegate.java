package org.homelab.rollout.matrix.steps;

import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.matrix.VmFirewallUpdate;
import org.homelab.rollout.proxmox.ProxmoxOperations;

import org.springframework.stereotype.Component;

/**
 * A later phase's firewall rules on a VM an earlier phase created (docs/firewall.md),
 * e.g. Phase 2 on the Vault VM: in {@code vmName}, {@code vmid} and {@code proxmoxNode}
 * (as findVmDelegate sets them) and {@code rolloutPhase}; out
 * {@code phaseFirewallRulesAdded}, the comments of the rules this step created, one a
 * line (empty when all were there). Idempotent. Undo:
 * {@code removePhaseFirewallDelegate}.
 */
@Component
class EnsurePhaseFirewallDelegate implements JavaDelegate {

	static final String ADDED = "phaseFirewallRulesAdded";

	private final ProxmoxOperations proxmox;

	private final VmFirewallUpdate update;

	EnsurePhaseFirewallDelegate(ProxmoxOperations proxmox, VmFirewallUpdate update) {
		this.proxmox = proxmox;
		this.update = update;
	}

	@Override
	public void execute(DelegateExecution execution) {
		Object phase = execution.getVariable(CheckIntegrationMatrixDelegate.PHASE);
		// a model's ${2} is a Long, a Java caller's 2 an Integer
		if (!(phase instanceof Number given) || given.intValue() < 1) {
			throw new IllegalArgumentException(
					CheckIntegrationMatrixDelegate.PHASE + " must be a phase number, not '" + phase + "'");
		}
		String vmName = (String) execution.getVariable("vmName");
		int vmid = (Integer) execution.getVariable("vmid");
		List<String> created = this.update.ensure(
				this.proxmox.firewall(String.valueOf(execution.getVariable("proxmoxNode"))), vmid, vmName,
				given.intValue());
		// a retry after a partial run finds its earlier rules present: keep what it
		// recorded
		Object before = execution.getVariable(ADDED);
		String previous = (before instanceof String text && !text.isEmpty()) ? text + "\n" : "";
		execution.setVariable(ADDED, previous + String.join("\n", created));
	}

}
