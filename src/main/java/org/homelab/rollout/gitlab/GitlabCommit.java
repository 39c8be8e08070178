package org.homelab.rollout.gitlab;

import java.util.List;
import java.util.Map;

/**
 * A commit as GitLab's commits API describes it.
 *
 * @param title the message's first line
 * @param trailers the Git trailers GitLab parsed ({@code trailers=true}), empty when not
 * asked for or none
 */
public record GitlabCommit(String id, String title, String message, List<String> parentIds, String createdAt,
		Map<String, String> trailers) {

	public GitlabCommit {
		parentIds = List.copyOf(parentIds);
		trailers = Map.copyOf(trailers);
	}

	/**
	 * The rollout run that made this commit ({@link RunCommits#TRAILER}), null for a
	 * commit no run made.
	 */
	public String runId() {
		return RunCommits.runOf(this);
	}

	/** The commit this one reverts (GitLab's revert message), null for another commit. */
	public String reverts() {
		return RunCommits.revertedBy(this.message);
	}

}
