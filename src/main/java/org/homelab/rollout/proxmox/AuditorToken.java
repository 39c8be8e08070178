package org.homelab.rollout.proxmox;

import java.util.Optional;

/**
 * What {@link ProxmoxAccessOperations#ensureAuditorToken} found and did: which parts this
 * call created (so an undo removes only those) and, when it created the token, its
 * secret. An adopted token's secret cannot be had again from PVE: the caller keeps the
 * one it stored, or deletes the token and ensures it anew.
 *
 * @param fullTokenId {@code user@realm!tokenid}
 * @param userCreated whether this call created the user
 * @param userGranted whether this call added the user's ACL entry
 * @param tokenCreated whether this call created the token (and its ACL entry)
 * @param secret the new token's secret; empty when the token was adopted
 */
public record AuditorToken(String fullTokenId, boolean userCreated, boolean userGranted, boolean tokenCreated,
		Optional<ApiTokenSecret> secret) {
}
