package org.homelab.rollout.backup;

/**
 * What {@link PbsAccessOperations#ensureBackupToken} found and did: which parts this call
 * created, so an undo removes only those. The secret is not here: it went to the sink.
 *
 * @param tokenId {@code user@realm!name}
 * @param store the datastore the token may back up to
 * @param userCreated whether this call created the user
 * @param userGranted whether this call added the user's ACL entry
 * @param tokenCreated whether this call created the token (and handed its secret to the
 * sink); false when an existing token was adopted
 * @param tokenGranted whether this call added the token's ACL entry
 */
public record BackupToken(String tokenId, String store, boolean userCreated, boolean userGranted, boolean tokenCreated,
		boolean tokenGranted) {

	/** {@code /datastore/<store>}, where the grants sit. */
	public String aclPath() {
		return "/datastore/" + this.store;
	}

}
