package org.homelab.rollout.tools;

/**
 * How a tool ended.
 *
 * @param exitCode its exit code, or -1 when it was killed at the timeout
 * @param output stdout and stderr interleaved, at most {@link ToolRunner#KEPT_OUTPUT}
 * characters (the end is kept: that is where tools say what went wrong)
 * @param timedOut whether it was killed because it outran its timeout
 */
public record ToolResult(int exitCode, String output, boolean timedOut) {

	public boolean succeeded() {
		return !this.timedOut && this.exitCode == 0;
	}

}
