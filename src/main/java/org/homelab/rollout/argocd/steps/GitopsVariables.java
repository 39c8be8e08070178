package org.homelab.rollout.argocd.steps;

/**
 * The process variables of {@code gitops-publish}, {@code gitops-unpublish} and
 * {@code gitops-check}: ids, flags, names and the smoke value (no secret).
 */
public final class GitopsVariables {

	/** Out: GitLab's id of homelab/gitops. */
	public static final String PROJECT_ID = "gitopsProjectId";

	/** Out: this run committed the layout (false: it was there already). */
	public static final String COMMITTED = "gitopsCommitted";

	/** Out: the commit's id, or null. */
	public static final String COMMIT = "gitopsCommit";

	/** Out: the AppProjects this run created, comma-separated (e.g. root,homelab). */
	public static final String PROJECTS_CREATED = "gitopsProjectsCreated";

	/** Out: this run created the root Application. */
	public static final String ROOT_CREATED = "gitopsRootCreated";

	/** Out: this run changed Argo CD's default AppProject (to allow nothing). */
	public static final String DEFAULT_CHANGED = "gitopsDefaultChanged";

	/** Out of unpublish. */
	public static final String ROOT_DELETED = "gitopsRootDeleted";

	public static final String PROJECTS_DELETED = "gitopsProjectsDeleted";

	public static final String REVERTS = "gitopsReverts";

	/** Criteria: Argo CD managing applications. */
	public static final String MANAGING_MET = "argocdManagingMet";

	public static final String MANAGING_RESULT = "argocdManagingResult";

	/** Criteria: GitOps workflows operational. */
	public static final String WORKFLOWS_MET = "gitopsWorkflowsMet";

	public static final String WORKFLOWS_RESULT = "gitopsWorkflowsResult";

	/** In (optional): how long a commit may take to arrive, and a deletion to heal. */
	public static final String SYNC_BOUND = "gitopsSyncBound";

	/** The value the check committed into the smoke ConfigMap. */
	public static final String SMOKE_MESSAGE = "gitopsSmokeMessage";

	/** The uid of the smoke ConfigMap the check deleted by hand. */
	public static final String SMOKE_DELETED_UID = "gitopsSmokeDeletedUid";

	private GitopsVariables() {
	}

}
