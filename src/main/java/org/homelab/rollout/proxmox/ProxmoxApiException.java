package org.homelab.rollout.proxmox;

import java.util.Map;

/**
 * Proxmox answered an error status. PVE puts its message in the HTTP status reason and,
 * for HTTP 400, the per-parameter errors in the body's {@code errors}.
 */
public class ProxmoxApiException extends ProxmoxException {

	private final int status;

	private final String reason;

	private final Map<String, String> parameterErrors;

	ProxmoxApiException(String call, String message, int status, String reason, Map<String, String> parameterErrors,
			boolean transientFault) {
		super(call, message, transientFault, null);
		this.status = status;
		this.reason = reason;
		this.parameterErrors = Map.copyOf(parameterErrors);
	}

	public int status() {
		return this.status;
	}

	/** PVE's message, e.g. "VM is locked (clone)". */
	public String reason() {
		return this.reason;
	}

	/** Parameter name to PVE's complaint (HTTP 400 only). */
	public Map<String, String> parameterErrors() {
		return this.parameterErrors;
	}

	/** A VMID already taken, e.g. a clone racing another for the same next id. */
	public boolean alreadyExists() {
		return this.reason.contains("already exists");
	}

	/** The guest has no config on that node (PVE answers 500, not 404). */
	public boolean doesNotExist() {
		return this.status == 404 || this.reason.matches("(?s).*Configuration file '.*' does not exist.*");
	}

	/**
	 * The guest agent could not open the file it was asked to read: it does not exist.
	 * PVE relays the agent's error as HTTP 500 "Agent error: Failed to open file '…': No
	 * such file or directory".
	 */
	public boolean fileNotFound() {
		return this.status == 500 && this.reason.contains("No such file or directory");
	}

	/** The guest runs but its agent does not answer yet (still booting). */
	public boolean agentNotRunning() {
		return this.reason.contains("guest agent is not running");
	}

	/** The guest is not running, so its agent cannot answer. */
	public boolean vmNotRunning() {
		return this.reason.matches("VM \\d+ is not running.*");
	}

}
