package org.homelab.rollout.vault;

/**
 * One Vault call failed: Vault answered an error status ({@link #status()}), or did not
 * answer at all (status 0). Callers that expect a status (a revoked token's 403, a
 * check-and-set conflict's 400) decide on it, never on the text.
 */
public class VaultCallException extends VaultSetupException {

	private final int status;

	VaultCallException(String message, int status, Throwable cause) {
		super(message, cause);
		this.status = status;
	}

	/** Vault's HTTP status, or 0 when it did not answer. */
	public int status() {
		return this.status;
	}

}
