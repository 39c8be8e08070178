package org.homelab.rollout.backup;

/**
 * PBS answered an error status; its message (the body, as proxmox-rest-server sends it)
 * is kept as {@link #reason()}.
 */
public class PbsApiException extends PbsException {

	private final int status;

	private final String reason;

	PbsApiException(String call, String message, int status, String reason, boolean transientFault) {
		super(call, message, transientFault, null);
		this.status = status;
		this.reason = reason;
	}

	public int status() {
		return this.status;
	}

	/** What PBS said, e.g. "datastore 'backup' already exists.". */
	public String reason() {
		return this.reason;
	}

	/** The object the call names is not there (PBS answers 404, or 400/500 saying so). */
	public boolean notFound() {
		return this.status == 404 || this.reason.matches("(?is).*(does not exist|no such|not found).*");
	}

	public boolean alreadyExists() {
		return this.reason.contains("already exists");
	}

}
