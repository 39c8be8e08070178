package org.homelab.rollout.matrix;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.homelab.rollout.proxmox.FirewallRule;
import org.homelab.rollout.proxmox.ProxmoxFirewallOperations;

/**
 * A later phase's rules on a VM an earlier phase created (e.g. Phase 2 opens Vault's API
 * to the services whose credentials it keeps): ensures {@link VmFirewallPlan#rules} of
 * the phase, remembers which rules it created, and its undo deletes exactly those. A
 * planned rule whose port is already open to its source (another rule of the rollout's or
 * the homelab's own) is left out: the same traffic needs no second rule, and the undo
 * must not take away a rule an earlier phase made. The VM's options and NIC flag stay as
 * provision-vm set them.
 */
public final class VmFirewallUpdate {

	private final VmFirewallPlan plan;

	public VmFirewallUpdate(VmFirewallPlan plan) {
		this.plan = plan;
	}

	/**
	 * Ensures VM {@code vmName}'s rules for {@code phase}.
	 * @return the comments of the rules this call created (empty when all were there)
	 */
	public List<String> ensure(ProxmoxFirewallOperations firewall, int vmid, String vmName, int phase) {
		List<FirewallRule> present = firewall.rules(vmid).rules();
		List<String> created = new ArrayList<>();
		for (FirewallRule rule : this.plan.rules(vmName, phase)) {
			boolean open = present.stream()
				.anyMatch(p -> p.enabled() && "in".equals(p.type()) && "ACCEPT".equals(p.action())
						&& rule.proto().equals(p.proto()) && rule.dport().equals(p.dport())
						&& rule.source().equals(p.source()));
			if (!open && firewall.ensure(vmid, rule)) {
				created.add(rule.comment());
			}
		}
		return created;
	}

	/**
	 * The undo of {@link #ensure}: deletes the rollout's rules with these comments.
	 * @return how many it deleted
	 */
	public int remove(ProxmoxFirewallOperations firewall, int vmid, Collection<String> created) {
		if (created.isEmpty()) {
			return 0;
		}
		return firewall.deleteAll(vmid, rule -> rule.isRollouts() && created.contains(rule.comment()));
	}

}
