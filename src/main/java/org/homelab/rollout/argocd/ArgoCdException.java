package org.homelab.rollout.argocd;

/**
 * The root of everything the Argo CD client throws. Messages say which call, what Argo CD
 * answered and what to do; they never hold a password or a session token.
 * {@link #isTransient()} tells whether repeating the call later may succeed (Argo CD
 * starting, busy or unreachable) as opposed to a request it refused and will refuse
 * again.
 */
public class ArgoCdException extends RuntimeException {

	private final String call;

	private final boolean transientFault;

	public ArgoCdException(String call, String message, boolean transientFault, Throwable cause) {
		super(message, cause);
		this.call = call;
		this.transientFault = transientFault;
	}

	/** The call, e.g. {@code POST /api/v1/applications}. */
	public String call() {
		return this.call;
	}

	public boolean isTransient() {
		return this.transientFault;
	}

}
