package org.homelab.rollout.rehearsal.proxmox;

import java.util.List;
import java.util.Map;

/**
 * A snapshot of one guest's firewall, for tests to assert on.
 *
 * @param rules the rules in order (position 0 first), each as PVE stores it (type,
 * action, proto, dport, source, comment, enable, ...)
 * @param options the options set (enable, policy_in, policy_out, ...); an option never
 * set is absent, as in PVE's file
 */
public record FirewallView(List<Map<String, String>> rules, Map<String, String> options) {

	/** The comments of the rules in order, a rule without one as "". */
	public List<String> comments() {
		return this.rules.stream().map(rule -> rule.getOrDefault("comment", "")).toList();
	}

	/** Whether the firewall is on for this guest (PVE's default is off). */
	public boolean enabled() {
		return "1".equals(this.options.get("enable"));
	}

	/** The inbound policy in effect: DROP unless set. */
	public String policyIn() {
		return this.options.getOrDefault("policy_in", "DROP");
	}

	/** The outbound policy in effect: ACCEPT unless set. */
	public String policyOut() {
		return this.options.getOrDefault("policy_out", "ACCEPT");
	}

}
