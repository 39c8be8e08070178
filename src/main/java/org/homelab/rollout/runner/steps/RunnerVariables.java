package org.homelab.rollout.runner.steps;

import org.homelab.rollout.engine.RolloutRun;

/**
 * The process variables of {@code gitlab-runner-install} and
 * {@code gitlab-runner-remove}: names, ids, flags and paths; never a token.
 */
public final class RunnerVariables {

	/** In: which runner, {@code gpu} or {@code general}. */
	public static final String RUNNER_NAME = "runnerName";

	/**
	 * In (optional): the node for the runner and its build pods, a K3s node or a key of
	 * {@code inventory.k3s.placement}; default {@code runnerGpu} or
	 * {@code runnerGeneral}. Out: as install-helm-release's {@code placement} takes it.
	 */
	public static final String RUNNER_NODE = "runnerNode";

	/**
	 * In (optional): the values file under {@code rollout.kubernetes.values-dir}; default
	 * {@code gitlab-runner-<name>.yaml}.
	 */
	public static final String VALUES_REF = "runnerValuesRef";

	/**
	 * In (optional): how long the release may take to be ready (ISO 8601), else
	 * install-helm-release's default; past it what this run made is removed and
	 * {@code GITLAB_RUNNER_NOT_READY} thrown.
	 */
	public static final String RELEASE_READY_TIMEOUT = "runnerReleaseReadyTimeout";

	/** In (optional): Vault's https URL; absent means the configured one. */
	public static final String VAULT_ADDRESS = "vaultAddress";

	/** In (optional): PEM file of the CA of Vault's certificate. */
	public static final String VAULT_CA_FILE = "vaultCaFile";

	/** In (optional): the owner of what is created; the business key otherwise. */
	public static final String ROLLOUT_RUN = RolloutRun.VARIABLE;

	/** Out: the runner's id in GitLab (install); in: the runner to delete (remove). */
	public static final String RUNNER_ID = "runnerId";

	/** Out: this run created the runner in GitLab (only then does remove delete it). */
	public static final String RUNNER_CREATED = "runnerCreated";

	/**
	 * Out: the runner's token's place in Vault ({@code mount/path}, key {@code token}).
	 */
	public static final String TOKEN_PATH = "runnerTokenPath";

	/** Out: this run wrote the Vault entry (only then does remove delete it). */
	public static final String TOKEN_STORED = "runnerTokenStored";

	/** Out: this run created the ExternalSecret (only then does remove delete it). */
	public static final String SECRET_CREATED = "runnerSecretCreated";

	/**
	 * Out: this run created the Helm release (install-helm-release's
	 * {@code releaseCreated}; only then does remove uninstall it).
	 */
	public static final String RELEASE_CREATED = "runnerReleaseCreated";

	/** Out: the node the release's pods run on. */
	public static final String RELEASE_NODE = "runnerReleaseNode";

	/** Out: when the runner last contacted GitLab, as GitLab said it once online. */
	public static final String CONTACTED_AT = "runnerContactedAt";

	/** Out of remove: what it deleted. */
	public static final String RUNNER_DELETED = "runnerDeleted";

	public static final String SECRET_DELETED = "runnerSecretDeleted";

	public static final String TOKEN_DELETED = "runnerTokenDeleted";

	private RunnerVariables() {
	}

}
