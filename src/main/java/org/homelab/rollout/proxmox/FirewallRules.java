package org.homelab.rollout.proxmox;

import java.util.List;

/**
 * A guest's firewall rules in order (position 0 first) with the digest of the whole set,
 * which a delete sends so that it removes the rule it saw and not one shifted into its
 * place by someone else's change.
 */
public record FirewallRules(List<FirewallRule> rules, String digest) {

	public FirewallRules {
		rules = List.copyOf(rules);
	}

}
