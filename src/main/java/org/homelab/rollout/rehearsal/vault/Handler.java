package org.homelab.rollout.rehearsal.vault;

/**
 * One area of Vault's API. The dispatcher has done seal, token, schema and ACL checks
 * before calling it.
 */
interface Handler {

	/** Answers the request; {@code caller} is null on unauthenticated paths. */
	Reply handle(VaultRequest request, MountTable.Route route, Token caller);

	/**
	 * Whether a write would update an existing entry (needs "update") rather than create
	 * one ("create").
	 */
	default boolean exists(VaultRequest request, MountTable.Route route) {
		return true;
	}

}
