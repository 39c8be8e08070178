package org.homelab.rollout.support;

import org.junit.jupiter.api.Assumptions;
import org.opentest4j.AssertionFailedError;

/**
 * The skip policy of the tests (docs/testing.md): a test that cannot run here skips
 * saying why ({@link Tool} for missing tools), never silently; {@link SkipReport} lists
 * every skip at the end of the run; under {@code CI=true} a skip is a failure
 * ({@link #skip(String)} here, {@link SkipsFailInCi} for any other aborted test or
 * class).
 */
public final class Skips {

	/**
	 * Overrides the environment's {@code CI} (tests of this policy simulate CI with it).
	 */
	public static final String CI_PROPERTY = "rollout.test.ci";

	private Skips() {
	}

	/** Whether this run is CI's: {@code CI=true}, where a skip is a failure. */
	public static boolean ci() {
		String property = System.getProperty(CI_PROPERTY);
		return Boolean.parseBoolean((property != null) ? property : System.getenv("CI"));
	}

	/**
	 * Skips the calling test (or class) saying why, or under CI fails it with that
	 * reason.
	 */
	public static void skip(String why) {
		if (ci()) {
			throw new AssertionFailedError(failureMessage(why));
		}
		Assumptions.abort(why);
	}

	static String failureMessage(String why) {
		return "skipped under CI=true, where a skip is a failure: " + why;
	}

}
