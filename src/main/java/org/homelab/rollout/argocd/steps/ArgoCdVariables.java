package org.homelab.rollout.argocd.steps;

import org.homelab.rollout.engine.RolloutRun;

/**
 * The process variables of {@code argocd-install} and {@code argocd-remove}: ids, flags
 * and paths; never the admin password or the deploy token.
 */
public final class ArgoCdVariables {

	/**
	 * In (optional): how long the release may take to be ready (ISO 8601), else
	 * install-helm-release's default; past it what this run made is removed and
	 * {@code ARGOCD_NOT_READY} thrown.
	 */
	public static final String RELEASE_READY_TIMEOUT = "argocdReleaseReadyTimeout";

	/** In (optional): Vault's https URL; absent means the configured one. */
	public static final String VAULT_ADDRESS = "vaultAddress";

	/** In (optional): PEM file of the CA of Vault's certificate. */
	public static final String VAULT_CA_FILE = "vaultCaFile";

	/** In (optional): the owner of what is created; the business key otherwise. */
	public static final String ROLLOUT_RUN = RolloutRun.VARIABLE;

	/**
	 * Out: this run created the Helm release (install-helm-release's
	 * {@code releaseCreated}; only then does remove uninstall it).
	 */
	public static final String RELEASE_CREATED = "argocdReleaseCreated";

	/** Out: the node the release's pods run on. */
	public static final String RELEASE_NODE = "argocdReleaseNode";

	/** Out: where the engine reached argocd-server's API. */
	public static final String URL = "argocdUrl";

	/** Out: the admin password's place in Vault ({@code mount/path}, key password). */
	public static final String ADMIN_PASSWORD_PATH = "argocdAdminPasswordPath";

	/**
	 * Out: this run generated the admin password into Vault and set it in Argo CD.
	 */
	public static final String ADMIN_PASSWORD_STORED = "argocdAdminPasswordStored";

	/** Out: this run deleted {@code argocd-initial-admin-secret}. */
	public static final String INITIAL_SECRET_DELETED = "argocdInitialSecretDeleted";

	/** Out: the deploy token's id in GitLab (of project homelab/gitops). */
	public static final String DEPLOY_TOKEN_ID = "argocdDeployTokenId";

	/** Out: GitLab's id of the project the token reads. */
	public static final String GITOPS_PROJECT_ID = "argocdGitopsProjectId";

	/** Out: this run created the deploy token (only then does remove revoke it). */
	public static final String DEPLOY_TOKEN_CREATED = "argocdDeployTokenCreated";

	/** Out: this run wrote the token's Vault entry (only then does remove delete it). */
	public static final String DEPLOY_TOKEN_STORED = "argocdDeployTokenStored";

	/** Out: the token's place in Vault (keys username, token). */
	public static final String DEPLOY_TOKEN_PATH = "argocdDeployTokenPath";

	/** Out: the repository URL Argo CD reads. */
	public static final String REPOSITORY_URL = "argocdRepositoryUrl";

	/**
	 * Out: this run created the repository's ExternalSecret (only then does remove delete
	 * it).
	 */
	public static final String REPOSITORY_SECRET_CREATED = "argocdRepositorySecretCreated";

	/** Out of remove: uninstall-helm-release's {@code releaseUninstalled}. */
	public static final String RELEASE_UNINSTALLED = "argocdReleaseUninstalled";

	/** Out of remove: what it deleted. */
	public static final String REPOSITORY_SECRET_DELETED = "argocdRepositorySecretDeleted";

	public static final String DEPLOY_TOKEN_REVOKED = "argocdDeployTokenRevoked";

	public static final String DEPLOY_TOKEN_DELETED = "argocdDeployTokenDeleted";

	public static final String ADMIN_PASSWORD_DELETED = "argocdAdminPasswordDeleted";

	private ArgoCdVariables() {
	}

}
