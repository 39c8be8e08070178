package org.homelab.rollout.backup;

import java.util.Optional;

/**
 * Scheduled prune (retention) and verify jobs. {@code ensure…} looks first: an existing
 * job of that id is updated to the wanted settings, never duplicated.
 */
public interface PbsJobOperations {

	/** @see "GET /config/prune/{id}" */
	Optional<PruneJob> pruneJob(String id);

	/**
	 * @return whether this call created it (false: it existed and was updated)
	 * @see "POST /config/prune", "PUT /config/prune/{id}"
	 */
	boolean ensurePruneJob(PruneJob job);

	/** @see "DELETE /config/prune/{id}" */
	boolean deletePruneJob(String id);

	/**
	 * Runs the prune job now.
	 * @return its UPID
	 * @see "POST /admin/prune/{id}/run"
	 */
	String runPruneJob(String id);

	/** @see "GET /config/verify/{id}" */
	Optional<VerifyJob> verifyJob(String id);

	/** @see "POST /config/verify", "PUT /config/verify/{id}" */
	boolean ensureVerifyJob(VerifyJob job);

	/** @see "DELETE /config/verify/{id}" */
	boolean deleteVerifyJob(String id);

	/** @see "POST /admin/verify/{id}/run" */
	String runVerifyJob(String id);

}
