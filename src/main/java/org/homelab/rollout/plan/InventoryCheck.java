package org.homelab.rollout.plan;

/**
 * One inventory check of the plan preview (a VM size within the plan's ranges, the
 * template present, free resources, K3s nodes ready, the GPU): whether it holds, and what
 * was found. One that fails blocks the plan.
 */
public record InventoryCheck(String check, boolean ok, String detail) {
}
