package org.homelab.rollout.proxmox;

import java.util.List;
import java.util.Optional;

/**
 * Users, API tokens and permissions of Proxmox VE ({@code /access}): what the engine
 * needs to give a tool (Ansible's dynamic inventory) a read-only token of its own. Every
 * call looks first, so a retry or a second run creates nothing twice, and says whether it
 * created something, so an undo removes only what a run made.
 */
public interface ProxmoxAccessOperations {

	/** The role that may read everything and change nothing. */
	String AUDITOR = "PVEAuditor";

	/** @see "GET /access/users/{userid}" */
	boolean userExists(String userid);

	/**
	 * Creates the user (no password: it logs in only through its tokens) unless it
	 * exists.
	 * @return whether this call created it
	 * @see "POST /access/users"
	 */
	boolean ensureUser(String userid, String comment);

	/**
	 * Deletes the user; PVE takes its tokens and ACL entries with it. Nothing happens if
	 * it is already gone.
	 * @return whether it existed
	 * @see "DELETE /access/users/{userid}"
	 */
	boolean deleteUser(String userid);

	/** @see "GET /access/acl" */
	List<AclEntry> acl();

	/**
	 * Grants a user or a token ({@code user@realm!tokenid}) the role on the path, with
	 * propagation, unless the ACL already has that entry.
	 * @return whether this call added it
	 * @see "PUT /access/acl"
	 */
	boolean grant(String path, String role, String userOrToken);

	/**
	 * Removes that entry if present.
	 * @return whether it was there
	 * @see "PUT /access/acl" with {@code delete=1}
	 */
	boolean revoke(String path, String role, String userOrToken);

	/** @see "GET /access/users/{userid}/token" */
	List<ApiToken> tokens(String userid);

	/** The token, empty if the user has none of that id (or no such user exists). */
	Optional<ApiToken> token(String userid, String tokenid);

	/**
	 * Creates the token. Its secret is in this answer only.
	 * @see "POST /access/users/{userid}/token/{tokenid}"
	 */
	ApiTokenSecret createToken(String userid, String tokenid, boolean privsep, String comment);

	/**
	 * Deletes the token; PVE takes its ACL entries with it. Nothing happens if it is
	 * already gone.
	 * @return whether it existed
	 * @see "DELETE /access/users/{userid}/token/{tokenid}"
	 */
	boolean deleteToken(String userid, String tokenid);

	/**
	 * A read-only token for a tool: the user (created if missing) holds {@value #AUDITOR}
	 * on {@code /}, and the token, privilege-separated, holds {@value #AUDITOR} on
	 * {@code /} itself, so it can never do more than read, even if someone later grants
	 * its user more. An existing token is adopted, not replaced.
	 */
	AuditorToken ensureAuditorToken(String userid, String tokenid, String comment);

	/**
	 * Undoes what {@link #ensureAuditorToken} created: the token if it made the token,
	 * the user if it made the user, else the user's ACL entry if it added that.
	 */
	void undo(String userid, String tokenid, AuditorToken made);

}
