package org.homelab.rollout.kubernetes;

/**
 * A node of the cluster as the plan's inventory check reads it: whether its Ready
 * condition is True and how many {@code nvidia.com/gpu} it can allocate.
 */
public record ClusterNode(String name, boolean ready, int gpus) {
}
