package org.homelab.rollout.gitlab;

/**
 * GitLab answered with an error status: the status and what GitLab said (its
 * {@code message} or {@code error}) are kept for callers that decide on them.
 */
public class GitlabApiException extends GitlabException {

	private final int status;

	private final String said;

	public GitlabApiException(String call, String message, int status, String said, boolean transientFault) {
		super(call, message, transientFault, null);
		this.status = status;
		this.said = said;
	}

	public int status() {
		return this.status;
	}

	/** What GitLab said, e.g. {@code {path=[has already been taken]}}. */
	public String said() {
		return this.said;
	}

	public boolean notFound() {
		return this.status == 404;
	}

	/**
	 * The thing exists already (409, or 400 "has already been taken"): a caller that
	 * looked first lost a race and adopts it.
	 */
	public boolean alreadyTaken() {
		return this.status == 409
				|| (this.status == 400 && this.said != null && this.said.contains("has already been taken"));
	}

}
