package org.homelab.rollout.gitlab;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a rollout run signs the commits it makes, so that its undo finds exactly these: a
 * Git trailer {@value #TRAILER}{@code : <run>} as the message's last paragraph, which
 * GitLab parses ({@code trailers=true}) and every Git tool shows. A revert GitLab makes
 * has its own message ({@code Revert "<title>"} … {@code This reverts commit <sha>}),
 * without the trailer: an undo never mistakes its own reverts for the run's work.
 */
public final class RunCommits {

	/** The trailer key naming the run (a process instance's business key or id). */
	public static final String TRAILER = "Homelab-Rollout-Run";

	private static final Pattern TRAILER_LINE = Pattern.compile("(?m)^" + TRAILER + ":\\s*(\\S+)\\s*$");

	private static final Pattern REVERTS = Pattern.compile("This reverts commit ([0-9a-f]{7,64})");

	private RunCommits() {
	}

	/**
	 * {@code title}, a blank line, and the run's trailer.
	 * @throws IllegalArgumentException for a run id a trailer cannot carry (blank,
	 * spaces, line breaks)
	 */
	public static String message(String title, String runId) {
		if (runId == null || !runId.matches("[A-Za-z0-9._:@/-]+")) {
			throw new IllegalArgumentException("a run id for a commit trailer is one word of letters, digits and"
					+ " ._:@/- ; got '" + runId + "'");
		}
		return title.strip() + "\n\n" + TRAILER + ": " + runId + "\n";
	}

	static String runOf(GitlabCommit commit) {
		String parsed = commit.trailers().get(TRAILER);
		if (parsed != null) {
			return parsed.strip();
		}
		// a GitLab that did not parse trailers: the message's last paragraph
		if (commit.message() == null) {
			return null;
		}
		String[] paragraphs = commit.message().strip().split("\n\\s*\n");
		Matcher matcher = TRAILER_LINE.matcher(paragraphs[paragraphs.length - 1]);
		return (paragraphs.length > 1 && matcher.find()) ? matcher.group(1) : null;
	}

	static String revertedBy(String message) {
		if (message == null) {
			return null;
		}
		Matcher matcher = REVERTS.matcher(message);
		return matcher.find() ? matcher.group(1) : null;
	}

}
