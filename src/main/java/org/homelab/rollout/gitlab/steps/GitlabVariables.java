package org.homelab.rollout.gitlab.steps;

import org.camunda.bpm.engine.delegate.VariableScope;
import org.homelab.rollout.criteria.Criterion;

/**
 * The process variables of gitlab-install, gitlab-remove and gitlab-rotate-token. Only
 * Vault paths and facts: never a password or token.
 */
public final class GitlabVariables {

	/** The VM GitLab runs on (the plan's {@code gitlab-ce}). */
	public static final String VM_NAME = "vmName";

	/** Where the engine reaches GitLab (its web server; the API is under /api/v4). */
	public static final String URL = "gitlabUrl";

	/** Whether the VM had GitLab's package before this run looked. */
	public static final String PRESENT = "gitlabPresent";

	/**
	 * Whether this run installed GitLab (now or in an earlier attempt: the VM's mark
	 * names the run); false when an installed GitLab was adopted.
	 */
	public static final String INSTALLED = "gitlabInstalled";

	/** The Vault path of GitLab's initial root password (key {@code password}). */
	public static final String ROOT_PASSWORD_PATH = "gitlabRootPasswordPath";

	/** Whether this run wrote the root password into Vault (undo deletes it then). */
	public static final String ROOT_PASSWORD_WRITTEN = "gitlabRootPasswordWritten";

	/** The Vault path of the engine's GitLab API token (key {@code token}). */
	public static final String ENGINE_TOKEN_PATH = "gitlabEngineTokenPath";

	/** Whether this run put the first engine token into Vault (undo deletes it then). */
	public static final String ENGINE_TOKEN_WRITTEN = "gitlabEngineTokenWritten";

	/** Whether Vault held an engine token GitLab accepts (then none is created). */
	public static final String ENGINE_TOKEN_VALID = "gitlabEngineTokenValid";

	/** Whether Vault held an engine token at all when the run looked. */
	public static final String ENGINE_TOKEN_STORED = "gitlabEngineTokenStored";

	/** The expiry date (ISO) of the engine's token after a rotation. */
	public static final String ENGINE_TOKEN_EXPIRES = "gitlabEngineTokenExpiresAt";

	/** Whether this run created the group {@code homelab}. */
	public static final String GROUP_CREATED = "gitlabGroupCreated";

	/** The projects this run created, comma-separated (e.g. {@code gitops,ansible}). */
	public static final String PROJECTS_CREATED = "gitlabProjectsCreated";

	/** The projects a seed committed to, comma-separated. */
	public static final String PROJECTS_SEEDED = "gitlabProjectsSeeded";

	/**
	 * Success criterion "GitLab CE accessible and functional": {@code …Met},
	 * {@code …Result}.
	 */
	public static final String FUNCTIONAL = "gitlabFunctional";

	/** The BPMN error of a GitLab step a person must act on. */
	public static final String FAILED = "GITLAB_FAILED";

	private GitlabVariables() {
	}

	static void criterion(VariableScope execution, String key, Criterion criterion) {
		String result = criterion.result();
		execution.setVariable(key + "Met", criterion.met());
		execution.setVariable(key + "Result", (result.length() <= 3900) ? result : result.substring(0, 3900) + "…");
	}

}
