package org.homelab.rollout.proxmox;

/**
 * An API token as PVE lists it (never with its secret).
 *
 * @param tokenid the token's id under its user ({@code inventory})
 * @param comment its comment, or null
 * @param privsep whether it is privilege-separated: it then holds only what the ACL
 * grants the token itself, within its user's privileges
 * @param expire expiry as epoch seconds, 0 for never
 */
public record ApiToken(String tokenid, String comment, boolean privsep, long expire) {
}
