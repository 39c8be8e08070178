package org.homelab.rollout.backup;

/**
 * The root of everything the Proxmox Backup Server client throws. Messages say which
 * call, what PBS answered and what to do; they never hold a password or token secret.
 * {@link #isTransient()} tells whether the same call later may succeed.
 */
public class PbsException extends RuntimeException {

	private final String call;

	private final boolean transientFault;

	public PbsException(String call, String message, boolean transientFault, Throwable cause) {
		super(message, cause);
		this.call = call;
		this.transientFault = transientFault;
	}

	/** The call, e.g. {@code POST /config/datastore}. */
	public String call() {
		return this.call;
	}

	public boolean isTransient() {
		return this.transientFault;
	}

}
