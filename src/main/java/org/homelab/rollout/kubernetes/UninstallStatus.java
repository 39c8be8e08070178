package org.homelab.rollout.kubernetes;

/**
 * How far the removal of a HelmChart is: gone (finalizer released), still deleting, or
 * its delete Job failed.
 */
public record UninstallStatus(State state, String detail) {

	public enum State {

		GONE, DELETING, FAILED

	}

}
