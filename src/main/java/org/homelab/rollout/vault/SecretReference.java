package org.homelab.rollout.vault;

/**
 * Where a secret lives in KV v2: the mount and the path under it, e.g. {@code homelab} +
 * {@code services/gitlab-ce/
 * root-password}. What processes carry instead of the value; {@link #toString()} is
 * {@code mount/path}, the form {@code vault kv get} and an ExternalSecret's
 * {@code remoteRef.key} take.
 */
public record SecretReference(String mount, String path) {

	@Override
	public String toString() {
		return this.mount + "/" + this.path;
	}

}
