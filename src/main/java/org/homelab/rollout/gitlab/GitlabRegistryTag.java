package org.homelab.rollout.gitlab;

/**
 * A tag of a registry repository as GitLab describes it: the manifest digest it points at
 * ({@code sha256:…}) and the image's size in bytes.
 */
public record GitlabRegistryTag(String name, String location, String digest, long totalSize) {
}
