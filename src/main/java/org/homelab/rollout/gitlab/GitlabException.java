package org.homelab.rollout.gitlab;

/**
 * The root of everything the GitLab client throws. Messages say which call, what GitLab
 * answered and what to do; they never hold a token. {@link #isTransient()} tells whether
 * repeating the call later may succeed (5xx, timeouts) as opposed to a request GitLab
 * refused and will refuse again.
 */
public class GitlabException extends RuntimeException {

	private final String call;

	private final boolean transientFault;

	public GitlabException(String call, String message, boolean transientFault, Throwable cause) {
		super(message, cause);
		this.call = call;
		this.transientFault = transientFault;
	}

	/** The call, e.g. {@code POST /api/v4/groups}. */
	public String call() {
		return this.call;
	}

	public boolean isTransient() {
		return this.transientFault;
	}

}
