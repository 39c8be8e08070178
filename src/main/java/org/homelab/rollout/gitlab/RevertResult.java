package org.homelab.rollout.gitlab;

import java.util.List;

/**
 * What undoing a run's commits did.
 *
 * @param reverts the revert commits made now, newest reverted first
 * @param alreadyReverted the run's commits an earlier attempt had reverted (or whose
 * changes were already gone: GitLab's "empty" revert)
 */
public record RevertResult(List<String> reverts, List<String> alreadyReverted) {

	public RevertResult {
		reverts = List.copyOf(reverts);
		alreadyReverted = List.copyOf(alreadyReverted);
	}

	public boolean changed() {
		return !this.reverts.isEmpty();
	}

}
