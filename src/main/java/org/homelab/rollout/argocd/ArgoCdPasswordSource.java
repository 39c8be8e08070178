package org.homelab.rollout.argocd;

/**
 * Where the client gets a password when it needs one, asked at that moment and never
 * kept: the engine reads it from Vault at call time (the admin password for a session
 * login, a deploy token for a repository), so the client knows nothing of Vault.
 */
@FunctionalInterface
public interface ArgoCdPasswordSource {

	/** The current password; sent only in the body of the one call that needs it. */
	String password();

}
