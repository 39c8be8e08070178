package org.homelab.rollout.backup;

/** Worker tasks of the server (PBS addresses its own node as {@code localhost}). */
public interface PbsTaskOperations {

	/** @see "GET /nodes/localhost/tasks/{upid}/status" */
	PbsTask status(String upid);

}
