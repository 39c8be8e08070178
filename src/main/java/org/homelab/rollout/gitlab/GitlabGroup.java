package org.homelab.rollout.gitlab;

/** A group: its id and full path, e.g. {@code homelab}. */
public record GitlabGroup(long id, String fullPath) {
}
