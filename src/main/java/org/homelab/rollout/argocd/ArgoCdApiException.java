package org.homelab.rollout.argocd;

/**
 * Argo CD answered with an error status and its {@code runtimeError} body: the HTTP
 * status, the gRPC code and what it said are kept for callers that decide on them.
 */
public class ArgoCdApiException extends ArgoCdException {

	/** gRPC's NotFound. */
	static final int NOT_FOUND = 5;

	/** gRPC's AlreadyExists. */
	static final int ALREADY_EXISTS = 6;

	private final int status;

	private final int code;

	private final String said;

	public ArgoCdApiException(String call, String message, int status, int code, String said, boolean transientFault) {
		super(call, message, transientFault, null);
		this.status = status;
		this.code = code;
		this.said = said;
	}

	/** The HTTP status. */
	public int status() {
		return this.status;
	}

	/** The gRPC code of the {@code runtimeError} (e.g. 5 NotFound), 0 when none. */
	public int code() {
		return this.code;
	}

	/** What Argo CD said: the {@code runtimeError}'s {@code message}. */
	public String said() {
		return this.said;
	}

	public boolean notFound() {
		return this.status == 404 || this.code == NOT_FOUND;
	}

	public boolean alreadyExists() {
		return this.status == 409 || this.code == ALREADY_EXISTS;
	}

}
