package org.homelab.rollout.proxmox.steps;

import org.homelab.rollout.engine.RolloutRun;

/**
 * Process variable names of the Proxmox processes, shared by delegates, models and tests.
 */
public final class ProxmoxVariables {

	/** In: the VM's name in the inventory ({@code inventory.vms[].name}). */
	public static final String VM_NAME = "vmName";

	/**
	 * In, optional: the rollout run that owns what is created; defaults to the business
	 * key, else the root id.
	 */
	public static final String ROLLOUT_RUN = RolloutRun.VARIABLE;

	/** Out: the VMID (Integer). */
	public static final String VMID = "vmid";

	/** Out: the node the VM lives on. */
	public static final String NODE = "proxmoxNode";

	/** Out: the VM's IPv4 address as its guest agent reports it. */
	public static final String ADDRESS = "vmAddress";

	/**
	 * Out: true when this run created the VM (compensation deletes only those), false
	 * when it adopted it.
	 */
	public static final String CREATED = "vmCreated";

	/**
	 * In (the guest agent wait), optional: true for a VM kept off the network (net0
	 * {@code link_down=1}, e.g. restore-test's scratch VM), which never gets an address:
	 * its agent answering is enough, and no {@code vmAddress} is handed out.
	 */
	public static final String ISOLATED = "vmIsolated";

	/** Internal: whether a VM of that name exists. */
	public static final String FOUND = "vmFound";

	/**
	 * Internal: whether the VM found runs. A stopped one this run did not create (e.g. a
	 * cancelled run's clone) is configured as planned before it boots; a running one is
	 * in use and adopted as it is.
	 */
	public static final String RUNNING = "vmRunning";

	/**
	 * Internal: whether clone-vm asked Proxmox for the clone just now (false: a VM with
	 * the reserved VMID was there already, ours from before a crash or another run's).
	 */
	public static final String DISPATCHED = "cloneDispatched";

	/**
	 * Internal (find-vm): the VMID of a VM being cloned for no live run (a cancelled
	 * run's clone, still without a name), or null: waited out before the run looks again.
	 */
	public static final String ORPHAN_CLONE = "orphanClone";

	/** Internal (find-vm): the node of {@link #ORPHAN_CLONE}. */
	public static final String ORPHAN_CLONE_NODE = "orphanCloneNode";

	/** Internal: the UPID of the Proxmox task being waited for, or null. */
	public static final String TASK = "proxmoxTask";

	/** Set by the error boundary: what Proxmox said when a step failed. */
	public static final String ERROR = "proxmoxError";

	/**
	 * In (run-script): the script, run with bash: a String (at most 4000 characters, the
	 * engine's column) or bytes (UTF-8) for longer ones. Never put secrets in it: it is
	 * stored with the process.
	 */
	public static final String SCRIPT = "script";

	/**
	 * In (run-script), optional: a short name for the script, used in its path and in
	 * messages.
	 */
	public static final String SCRIPT_NAME = "scriptName";

	/** Internal (run-script): the guest pid of the running script. */
	public static final String SCRIPT_PID = "scriptPid";

	/** Out (run-script): the tail of the script's stdout. */
	public static final String SCRIPT_OUTPUT = "scriptOutput";

	/**
	 * The BPMN error code of every Proxmox failure that retrying the same call will not
	 * cure.
	 */
	public static final String FAILED = "PROXMOX_FAILED";

	/**
	 * BPMN error code: the VM's start task failed for a passing reason (the VM was locked
	 * when the task ran): the model starts the VM again.
	 */
	public static final String START_AGAIN = "PROXMOX_START_AGAIN";

	private ProxmoxVariables() {
	}

}
