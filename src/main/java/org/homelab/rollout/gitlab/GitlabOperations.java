package org.homelab.rollout.gitlab;

/**
 * The GitLab client (API v4): one entry point handing out an operations interface per
 * concern, all sharing one TLS-verifying OkHttp client and the token source. Create it
 * with {@link GitlabClients#create}.
 */
public interface GitlabOperations {

	/**
	 * GitLab's version; also proves the engine's token works. Calls {@code GET /version}.
	 */
	GitlabVersion version();

	GitlabTokenOperations tokens();

	/** Projects' deploy tokens (read-only Git credentials for Argo CD, Ansible). */
	GitlabDeployTokenOperations deployTokens();

	GitlabGroupOperations groups();

	GitlabProjectOperations projects();

	GitlabRepositoryOperations repository();

	/** CI/CD pipelines and their jobs. */
	GitlabPipelineOperations pipelines();

	/** The container registry: API v4 and the registry's own API v2. */
	GitlabRegistryOperations registry();

	GitlabRunnerOperations runners();

}
