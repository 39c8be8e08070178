package org.homelab.rollout.gitlab;

/** What {@code GET /version} answers, e.g. {@code 17.10.1} and its revision. */
public record GitlabVersion(String version, String revision) {
}
