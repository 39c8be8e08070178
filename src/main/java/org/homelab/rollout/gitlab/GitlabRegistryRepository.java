package org.homelab.rollout.gitlab;

import java.util.List;

/**
 * A repository of a project's container registry, e.g. path {@code homelab/ci-smoke},
 * location {@code registry.homelab.lan/homelab/ci-smoke}, with its tags' names.
 */
public record GitlabRegistryRepository(long id, String path, String location, List<String> tags) {
}
