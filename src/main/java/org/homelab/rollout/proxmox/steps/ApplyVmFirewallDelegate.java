package org.homelab.rollout.proxmox.steps;

import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.matrix.VmFirewallPlan;
import org.homelab.rollout.proxmox.FirewallOptions;
import org.homelab.rollout.proxmox.FirewallRule;
import org.homelab.rollout.proxmox.ProxmoxFirewallOperations;
import org.homelab.rollout.proxmox.ProxmoxOperations;

import org.springframework.stereotype.Component;

/**
 * Gives the VM the firewall the integration matrix asks for (docs/firewall.md): its rules
 * first (each ensured: looked for, created only if missing), then inbound DROP with the
 * firewall on, then the flag on {@code net0}, so the VM is never closed before its rules
 * are there. A retry or a second run changes nothing. Sets {@code vmFirewallRules}, how
 * many rules the VM is meant to have. Undo: the VM goes with destroy-vm.
 */
@Component
class ApplyVmFirewallDelegate implements JavaDelegate {

	static final String RULES = "vmFirewallRules";

	static final String DEVICE = "net0";

	private final ProxmoxOperations proxmox;

	private final VmFirewallPlan plan;

	ApplyVmFirewallDelegate(ProxmoxOperations proxmox, VmFirewallPlan plan) {
		this.proxmox = proxmox;
		this.plan = plan;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String vmName = (String) execution.getVariable(ProxmoxVariables.VM_NAME);
		String node = (String) execution.getVariable(ProxmoxVariables.NODE);
		int vmid = (Integer) execution.getVariable(ProxmoxVariables.VMID);
		List<FirewallRule> rules = this.plan.rulesWhenCreated(vmName);
		if (!rules.isEmpty()) {
			ProxmoxFirewallOperations firewall = this.proxmox.firewall(node);
			ProxmoxFailures.run(() -> {
				rules.forEach(rule -> firewall.ensure(vmid, rule));
				FirewallOptions options = firewall.options(vmid);
				if (!options.enabled() || !"DROP".equals(options.policyIn()) || !"ACCEPT".equals(options.policyOut())) {
					firewall.setOptions(vmid, true, "DROP", "ACCEPT");
				}
				firewall.enableOnDevice(vmid, DEVICE);
			});
		}
		execution.setVariable(RULES, rules.size());
	}

}
