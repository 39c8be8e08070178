package org.homelab.rollout.rehearsal.vault;

/**
 * Vault's logical operations: PUT and POST both write, LIST and GET ?list=true both list.
 */
enum Op {

	READ("read"), LIST("list"), WRITE("update"), DELETE("delete");

	private final String capability;

	Op(String capability) {
		this.capability = capability;
	}

	/**
	 * The ACL capability the operation needs (a write to a missing entry needs "create"
	 * instead).
	 */
	String capability() {
		return this.capability;
	}

}
