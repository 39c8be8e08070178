package org.homelab.rollout.proxmox;

/**
 * One entry of PVE's access control list.
 *
 * @param path the ACL path, e.g. {@code /} or {@code /vms/105}
 * @param type {@code user}, {@code group} or {@code token}
 * @param ugid the user, group or full token id
 * @param roleid the role, e.g. {@code PVEAuditor}
 * @param propagate whether it holds for the paths below too
 */
public record AclEntry(String path, String type, String ugid, String roleid, boolean propagate) {
}
