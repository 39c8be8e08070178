package org.homelab.rollout.proxmox;

import java.util.List;

/** Worker tasks of one node. */
public interface ProxmoxTaskOperations {

	/** @see "GET /nodes/{node}/tasks/{upid}/status" */
	TaskStatus status(Upid upid);

	/**
	 * Log lines {@code start} (0-based) onwards, at most {@code limit}. @see "GET
	 * /nodes/{node}/tasks/{upid}/log"
	 */
	List<String> log(Upid upid, int start, int limit);

}
