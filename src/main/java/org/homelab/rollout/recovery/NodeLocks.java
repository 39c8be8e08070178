package org.homelab.rollout.recovery;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Releases the locks a dead node held: its jobs and its waits become free to acquire at
 * once instead of when their lock expires. One conditional update per table, keyed on the
 * owner: atomic, so two nodes releasing the same dead peer, or a release racing a job
 * executor that just acquired the job anew, cannot undo each other's work (a row
 * re-locked by a live node no longer matches). Each row's revision goes up, so should the
 * owner after all be alive (a long pause), its completion of that job fails on Camunda's
 * optimistic locking instead of committing twice.
 */
class NodeLocks {

	private final JdbcTemplate jdbc;

	private final String prefix;

	/** {@code prefix}: the engine's table prefix (camunda.bpm.database.table-prefix). */
	NodeLocks(JdbcTemplate jdbc, String prefix) {
		this.jdbc = jdbc;
		this.prefix = (prefix != null) ? prefix : "";
	}

	Released release(String owner) {
		int jobs = this.jdbc.update("update " + this.prefix + "ACT_RU_JOB set LOCK_OWNER_ = null, "
				+ "LOCK_EXP_TIME_ = null, REV_ = REV_ + 1 where LOCK_OWNER_ = ?", owner);
		int waits = this.jdbc.update("update " + this.prefix + "ACT_RU_EXT_TASK set WORKER_ID_ = null, "
				+ "LOCK_EXP_TIME_ = null, REV_ = REV_ + 1 where WORKER_ID_ = ?", owner);
		return new Released(owner, jobs, waits);
	}

	/** How many locks of {@code owner} were released. */
	record Released(String owner, int jobs, int waits) {

		boolean any() {
			return this.jobs > 0 || this.waits > 0;
		}

		@Override
		public String toString() {
			return this.jobs + " job lock(s) and " + this.waits + " wait lock(s) of engine node " + this.owner;
		}

	}

}
