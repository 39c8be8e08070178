package org.homelab.rollout.backup;

/** One ACL entry as {@code GET /access/acl} lists it; {@code ugid} is a user or token. */
public record PbsAclEntry(String path, String ugid, String ugidType, String roleid, boolean propagate) {
}
