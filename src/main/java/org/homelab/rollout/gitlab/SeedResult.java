package org.homelab.rollout.gitlab;

import java.util.List;

/**
 * What a seed did: the commit it made (null when the project already held every wanted
 * file as wanted) and the files it created and updated.
 */
public record SeedResult(String commitId, List<String> created, List<String> updated) {

	public SeedResult {
		created = List.copyOf(created);
		updated = List.copyOf(updated);
	}

	public boolean changed() {
		return this.commitId != null;
	}

}
