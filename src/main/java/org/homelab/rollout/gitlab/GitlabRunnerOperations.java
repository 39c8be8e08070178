package org.homelab.rollout.gitlab;

import java.util.Optional;

/**
 * Runners GitLab knows (creating one is {@link GitlabTokenOperations#createRunner}: it
 * answers the token). Needs an administrator's token with {@code api} (or
 * {@code manage_runner}).
 */
public interface GitlabRunnerOperations {

	/**
	 * The instance runner with exactly this description, if any; the first by id when
	 * several have it. GitLab has no search by description: all instance runners are
	 * listed page by page and compared here.
	 * {@code GET /runners/all?type=instance_type&per_page=100&page=N}.
	 */
	Optional<GitlabRunner> findInstanceRunner(String description);

	/**
	 * Creates the runner with the settings {@link RunnerRequest} leaves out and answers
	 * its {@code glrt-} token (shown once: straight into Vault). {@code maintenanceNote}
	 * (e.g. which rollout run created it) comes back in {@link #get}, so a retry can tell
	 * its own runner from one it adopts. {@code POST /user/runners}.
	 */
	IssuedToken create(RunnerRequest runner, boolean locked, String maintenanceNote);

	/**
	 * One runner with its status and last contact, as GitLab reports them.
	 * {@code GET /runners/:id}.
	 * @throws GitlabApiException 404 when GitLab has no such runner
	 */
	GitlabRunner get(long id);

	/** The same, empty when GitLab has no such runner. {@code GET /runners/:id}. */
	Optional<GitlabRunner> find(long id);

	/**
	 * Deletes the runner; its token stops working. A runner already gone is a success.
	 * {@code DELETE /runners/:id}.
	 */
	void delete(long id);

}
