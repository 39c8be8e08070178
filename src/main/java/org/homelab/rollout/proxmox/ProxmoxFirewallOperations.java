package org.homelab.rollout.proxmox;

import java.util.function.Predicate;

/**
 * The Proxmox VE firewall of the QEMU guests of one node: their rules, their options and
 * the firewall flag on their network device.
 */
public interface ProxmoxFirewallOperations {

	/** @see "GET /nodes/{node}/qemu/{vmid}/firewall/rules" */
	FirewallRules rules(int vmid);

	/**
	 * Creates the rule. PVE puts a new rule at position 0, whatever {@code pos} says.
	 * @see "POST /nodes/{node}/qemu/{vmid}/firewall/rules"
	 */
	void create(int vmid, FirewallRule rule);

	/**
	 * Creates the rule unless one that does the same exists (look first, so a retry or a
	 * second run adds nothing).
	 * @return whether it was created
	 */
	boolean ensure(int vmid, FirewallRule rule);

	/**
	 * Deletes the rule at {@code pos}, refused by PVE when the rule set no longer has
	 * {@code digest}. @see "DELETE /nodes/{node}/qemu/{vmid}/firewall/rules/{pos}"
	 */
	void delete(int vmid, int pos, String digest);

	/**
	 * Deletes every rule that matches, e.g. {@link FirewallRule#isRollouts()}, from the
	 * last position up, each delete with the digest it saw, and leaves the other rules in
	 * their order.
	 * @return how many rules it deleted
	 */
	int deleteAll(int vmid, Predicate<FirewallRule> which);

	/** @see "GET /nodes/{node}/qemu/{vmid}/firewall/options" */
	FirewallOptions options(int vmid);

	/**
	 * Turns the guest's firewall on or off with these policies.
	 * @see "PUT /nodes/{node}/qemu/{vmid}/firewall/options"
	 */
	void setOptions(int vmid, boolean enabled, String policyIn, String policyOut);

	/**
	 * Sets {@code firewall=1} on the guest's network device (e.g. {@code net0}), without
	 * which PVE applies none of its rules, keeping the device's other settings.
	 * @return whether it changed anything
	 * @see "PUT /nodes/{node}/qemu/{vmid}/config"
	 */
	boolean enableOnDevice(int vmid, String device);

}
