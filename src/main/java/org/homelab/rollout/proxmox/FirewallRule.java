package org.homelab.rollout.proxmox;

import java.util.regex.Pattern;

/**
 * One rule of a guest's Proxmox VE firewall. The rollout marks its own rules with a
 * comment {@code homelab-rollout: <service> <what>}, so undo can remove exactly those and
 * leave the homelab's other rules as they are.
 *
 * @param type {@code in} or {@code out}
 * @param action {@code ACCEPT}, {@code DROP} or {@code REJECT}
 * @param proto e.g. {@code tcp}, or null for any
 * @param dport destination ports, e.g. {@code 443} or {@code 9100,9200:9210}, or null
 * @param source source address, CIDR or list, or null for any
 * @param comment the rule's comment, or null
 * @param enabled whether the rule applies (PVE creates a rule disabled unless told)
 * @param pos its position in the rule set (0 first), or -1 for a rule not yet created
 */
public record FirewallRule(String type, String action, String proto, String dport, String source, String comment,
		boolean enabled, int pos) {

	/** How every comment of the rollout's rules begins. */
	public static final String MARK = "homelab-rollout: ";

	private static final Pattern SERVICE = Pattern.compile("[a-z0-9][a-z0-9.-]{0,62}");

	private static final Pattern WHAT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._:/-]{0,127}");

	/**
	 * An enabled inbound ACCEPT for {@code proto}/{@code dport} from {@code source},
	 * marked as the rollout's rule for {@code service}.
	 */
	public static FirewallRule acceptIn(String service, String what, String proto, String dport, String source) {
		return new FirewallRule("in", "ACCEPT", proto, dport, source, mark(service, what), true, -1);
	}

	/**
	 * The comment that marks a rule as the rollout's; service and description are checked
	 * so a comment can never break the guest's firewall file (one rule a line).
	 */
	public static String mark(String service, String what) {
		if (service == null || !SERVICE.matcher(service).matches()) {
			throw new IllegalArgumentException("service name not usable in a firewall comment: " + service);
		}
		if (what == null || !WHAT.matcher(what).matches()) {
			throw new IllegalArgumentException("description not usable in a firewall comment: " + what);
		}
		return MARK + service + " " + what;
	}

	/** Whether the rollout created this rule (its comment carries the mark). */
	public boolean isRollouts() {
		return this.comment != null && this.comment.startsWith(MARK);
	}

	/** Whether the rollout created this rule for {@code service}. */
	public boolean isFor(String service) {
		return isRollouts() && this.comment.startsWith(MARK + service + " ");
	}

	/**
	 * Whether both rules do the same (position aside): the look before a create, so a
	 * repeat adds nothing.
	 */
	public boolean sameAs(FirewallRule other) {
		return this.type.equals(other.type) && this.action.equals(other.action) && eq(this.proto, other.proto)
				&& eq(this.dport, other.dport) && eq(this.source, other.source) && eq(this.comment, other.comment)
				&& this.enabled == other.enabled;
	}

	private static boolean eq(String a, String b) {
		return (a == null) ? b == null : a.equals(b);
	}

	Form form() {
		return new Form().add("type", this.type)
			.add("action", this.action)
			.add("proto", this.proto)
			.add("dport", this.dport)
			.add("source", this.source)
			.add("comment", this.comment)
			.add("enable", this.enabled ? 1 : 0);
	}

}
