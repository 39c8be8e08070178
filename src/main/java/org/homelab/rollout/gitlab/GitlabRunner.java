package org.homelab.rollout.gitlab;

import java.util.List;

/**
 * A runner as GitLab reports it: its id, description (the steps find a runner by it),
 * type, tags, and whether it reaches GitLab. {@code status} is GitLab's word:
 * {@code online}, {@code offline}, {@code never_contacted} or {@code stale};
 * {@code contactedAt} is GitLab's ISO time of the runner's last contact, or null;
 * {@code locked} and {@code maintenanceNote} only in a runner's details (null note in a
 * list). No token: GitLab never shows a runner's token again.
 */
public record GitlabRunner(long id, String description, String runnerType, List<String> tags, String status,
		boolean online, String contactedAt, boolean paused, boolean locked, String maintenanceNote) {

	public GitlabRunner {
		tags = (tags != null) ? List.copyOf(tags) : List.of();
	}

	public static final String ONLINE = "online";

}
