package org.homelab.rollout.gitlab;

/**
 * A project: its id, full path (e.g. {@code homelab/gitops}) and default branch (null
 * while the repository is empty).
 */
public record GitlabProject(long id, String pathWithNamespace, String defaultBranch) {
}
