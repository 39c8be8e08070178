package org.homelab.rollout.rehearsal.proxmox;

import java.util.Map;

/**
 * An error answer as pve-api-daemon gives it: the message is the HTTP status reason, the
 * body is {@code {"data":null}} plus {@code errors} for parameter problems.
 */
final class PveError extends RuntimeException {

	private final int status;

	private final Map<String, String> errors;

	/** A 400 about the cluster's state (a VMID taken), not about the request's shape. */
	private final boolean stateRefusal;

	PveError(int status, String message, Map<String, String> errors) {
		this(status, message, errors, false);
	}

	private PveError(int status, String message, Map<String, String> errors, boolean stateRefusal) {
		super(message, null, false, false);
		this.status = status;
		this.errors = Map.copyOf(errors);
		this.stateRefusal = stateRefusal;
	}

	/**
	 * The usual shape of a failed API call: HTTP 500 with the die message of the Perl
	 * handler.
	 */
	static PveError failed(String message) {
		return new PveError(500, message, Map.of());
	}

	static PveError parameters(Map<String, String> errors) {
		return new PveError(400, "Parameter verification failed.", errors);
	}

	/**
	 * A parameter that fits the schema but not the cluster as it is, e.g.
	 * {@code nextid?vmid=} of a VMID in use: PVE's 400, yet within the contract.
	 */
	static PveError taken(Map<String, String> errors) {
		return new PveError(400, "Parameter verification failed.", errors, true);
	}

	static PveError notImplemented(String method, String path) {
		return new PveError(501, "Method '" + method + " " + path + "' not implemented", Map.of());
	}

	static PveError configMissing(String node, int vmid) {
		return failed("Configuration file 'nodes/" + node + "/qemu-server/" + vmid + ".conf' does not exist");
	}

	static PveError locked(String lock) {
		return failed("VM is locked (" + lock + ")");
	}

	int status() {
		return this.status;
	}

	Map<String, String> errors() {
		return this.errors;
	}

	boolean stateRefusal() {
		return this.stateRefusal;
	}

}
