package org.homelab.rollout.proxmox;

import java.util.List;

/**
 * The QEMU guests of one node. Methods ending in {@code Async} start a worker task and
 * return its UPID.
 */
public interface ProxmoxVmOperations {

	/** @see "GET /nodes/{node}/qemu" */
	List<VmSummary> list();

	/** The current configuration. @see "GET /nodes/{node}/qemu/{vmid}/config" */
	VmConfig config(int vmid);

	/**
	 * Clones {@code vmid} (a template) as the request says. @see "POST
	 * /nodes/{node}/qemu/{vmid}/clone"
	 */
	Upid cloneAsync(int vmid, CloneRequest request);

	/**
	 * Sets configuration synchronously (no worker task). @see "PUT
	 * /nodes/{node}/qemu/{vmid}/config"
	 */
	void configure(int vmid, ConfigRequest request);

	/**
	 * Grows a disk to an absolute size such as {@code 50G} (the same size again is a
	 * no-op, so it is safe to repeat).
	 * @see "PUT /nodes/{node}/qemu/{vmid}/resize"
	 */
	Upid resizeAsync(int vmid, String disk, String size);

	/** @see "POST /nodes/{node}/qemu/{vmid}/status/start" */
	Upid startAsync(int vmid);

	/**
	 * ACPI shutdown, forced off after {@code timeoutSeconds}. @see "POST
	 * /nodes/{node}/qemu/{vmid}/status/shutdown"
	 */
	Upid shutdownAsync(int vmid, int timeoutSeconds);

	/** Immediate power-off. @see "POST /nodes/{node}/qemu/{vmid}/status/stop" */
	Upid stopAsync(int vmid);

	/** @see "GET /nodes/{node}/qemu/{vmid}/status/current" */
	VmStatus status(int vmid);

	/**
	 * Destroys the guest with its disks, purging it from backup jobs and HA.
	 * @see "DELETE /nodes/{node}/qemu/{vmid}?purge=1&destroy-unreferenced-disks=1"
	 */
	Upid deleteAsync(int vmid);

}
