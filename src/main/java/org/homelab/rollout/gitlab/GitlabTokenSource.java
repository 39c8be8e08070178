package org.homelab.rollout.gitlab;

/**
 * Where the client gets the engine's GitLab personal access token, asked on every call
 * and never kept: the engine reads it from Vault at call time, so a rotated token takes
 * effect at the next call and the client knows nothing of Vault.
 */
@FunctionalInterface
public interface GitlabTokenSource {

	/** The current token; sent only in the {@code PRIVATE-TOKEN} header. */
	String token();

}
