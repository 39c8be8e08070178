package org.homelab.rollout.proxmox;

/**
 * A guest's firewall options as PVE reports them. PVE reports only options that were set;
 * an unset one reads as its effective default here: firewall off, inbound DROP, outbound
 * ACCEPT.
 *
 * @param enabled whether the guest's firewall is on
 * @param policyIn {@code ACCEPT}, {@code REJECT} or {@code DROP}
 * @param policyOut {@code ACCEPT}, {@code REJECT} or {@code DROP}
 * @param digest the digest of the options, for a change that must not overwrite another
 */
public record FirewallOptions(boolean enabled, String policyIn, String policyOut, String digest) {

}
