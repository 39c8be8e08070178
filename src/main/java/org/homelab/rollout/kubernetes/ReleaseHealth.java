package org.homelab.rollout.kubernetes;

import java.util.List;

/**
 * Whether a release's workloads (its Deployments and DaemonSets, labelled
 * {@code app.kubernetes.io/instance}) are ready, and on which nodes its pods run.
 * {@code detail} says what is not ready yet, or which pods run elsewhere than on the
 * requested node (MISPLACED).
 */
public record ReleaseHealth(State state, String detail, List<String> nodes) {

	public enum State {

		READY, NOT_READY, MISPLACED

	}

	public ReleaseHealth {
		nodes = List.copyOf(nodes);
	}

}
