package org.homelab.rollout.backup;

import java.util.List;
import java.util.function.Consumer;

/**
 * Users, API tokens and ACLs of PBS ({@code /access}): what Proxmox VE needs to back up
 * into one datastore and nothing more. Every call looks first and says whether it created
 * something, so an undo removes only what a run made.
 */
public interface PbsAccessOperations {

	/** The role that may create backups (and read its own), nothing else. */
	String DATASTORE_BACKUP = "DatastoreBackup";

	/** @see "GET /access/users/{userid}" */
	boolean userExists(String userid);

	/**
	 * Creates the user (no password: it signs in only through its tokens) unless it
	 * exists.
	 * @return whether this call created it
	 * @see "POST /access/users"
	 */
	boolean ensureUser(String userid, String comment);

	/**
	 * Deletes the user; PBS takes its tokens and ACL entries with it.
	 * @return whether it existed
	 * @see "DELETE /access/users/{userid}"
	 */
	boolean deleteUser(String userid);

	/** @see "GET /access/users/{userid}/token/{token-name}" */
	boolean tokenExists(String userid, String tokenName);

	/**
	 * Creates the token and hands its secret to {@code sink} (e.g. the Vault write)
	 * before returning; nothing else ever holds it. Should the sink fail, the token is
	 * deleted again (its secret would be lost for good) and the sink's exception thrown.
	 * @see "POST /access/users/{userid}/token/{token-name}"
	 */
	void createToken(String userid, String tokenName, String comment, Consumer<PbsTokenSecret> sink);

	/**
	 * @return whether it existed
	 * @see "DELETE /access/users/{userid}/token/{token-name}"
	 */
	boolean deleteToken(String userid, String tokenName);

	/** @see "GET /access/acl" */
	List<PbsAclEntry> acl();

	/**
	 * Grants a user or token the role on the path (propagating) unless the ACL has it.
	 * @return whether this call added it
	 * @see "PUT /access/acl"
	 */
	boolean grant(String path, String role, String authId);

	/**
	 * @return whether the entry was there
	 * @see "PUT /access/acl" with {@code delete}
	 */
	boolean revoke(String path, String role, String authId);

	/**
	 * A token for Proxmox VE's pbs storage with the narrowest role: the user (created if
	 * missing) and its token both hold {@value #DATASTORE_BACKUP} on
	 * {@code /datastore/<store>} only (a PBS token holds at most what both it and its
	 * user are granted). A new token's secret goes to {@code sink}; an existing token is
	 * adopted, not replaced (its secret is wherever the run that made it put it).
	 */
	BackupToken ensureBackupToken(String userid, String tokenName, String store, String comment,
			Consumer<PbsTokenSecret> sink);

	/**
	 * Undoes what {@link #ensureBackupToken} created: the token if it made it, the user
	 * if it made it, else the user's ACL entry if it added that.
	 */
	void undo(BackupToken made);

}
