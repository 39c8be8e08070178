package org.homelab.rollout.gitlab;

import java.util.List;

/**
 * A runner to create with {@code POST /user/runners}: an instance runner, or one of a
 * group or project (the contract lists group_id and project_id as required, GitLab needs
 * each only for its own type).
 */
public record RunnerRequest(String runnerType, Long groupId, Long projectId, String description, List<String> tags,
		boolean runUntagged) {

	public RunnerRequest {
		tags = List.copyOf(tags);
		if (!List.of("instance_type", "group_type", "project_type").contains(runnerType)) {
			throw new IllegalArgumentException(
					"runner type '" + runnerType + "' refused: instance_type, group_type or project_type");
		}
		if (description == null || description.isBlank()) {
			throw new IllegalArgumentException("a runner needs a description (the steps find it by that)");
		}
	}

	public static RunnerRequest instance(String description, List<String> tags, boolean runUntagged) {
		return new RunnerRequest("instance_type", null, null, description, tags, runUntagged);
	}

	public static RunnerRequest group(long groupId, String description, List<String> tags, boolean runUntagged) {
		return new RunnerRequest("group_type", groupId, null, description, tags, runUntagged);
	}

	public static RunnerRequest project(long projectId, String description, List<String> tags, boolean runUntagged) {
		return new RunnerRequest("project_type", null, projectId, description, tags, runUntagged);
	}

}
