package org.homelab.rollout.proxmox;

import java.util.List;

/**
 * The QEMU guest agent of guests on one node. Until the guest has booted these fail with
 * HTTP 500 "QEMU guest agent is not running"
 * ({@link ProxmoxApiException#agentNotRunning()}).
 */
public interface ProxmoxAgentOperations {

	/** @see "POST /nodes/{node}/qemu/{vmid}/agent/ping" */
	void ping(int vmid);

	/** @see "GET /nodes/{node}/qemu/{vmid}/agent/network-get-interfaces" */
	List<GuestInterface> networkInterfaces(int vmid);

	/**
	 * Starts a program in the guest; {@code inputData} (may be null) is its stdin.
	 * @return the guest pid, for {@link #execStatus(int, int)}
	 * @see "POST /nodes/{node}/qemu/{vmid}/agent/exec"
	 */
	int exec(int vmid, List<String> command, String inputData);

	/** @see "GET /nodes/{node}/qemu/{vmid}/agent/exec-status" */
	ExecStatus execStatus(int vmid, int pid);

	/**
	 * Writes a text file (at most 60 KiB). @see "POST
	 * /nodes/{node}/qemu/{vmid}/agent/file-write"
	 */
	void fileWrite(int vmid, String path, String content);

	/** @see "GET /nodes/{node}/qemu/{vmid}/agent/file-read" */
	String fileRead(int vmid, String path);

}
