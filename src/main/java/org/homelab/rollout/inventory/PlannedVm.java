package org.homelab.rollout.inventory;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * One VM of the plan's resource table. {@code address} is required when the network plan
 * is static. The plan gives ranges (e.g. 2-4 vCPU); the inventory holds the size chosen
 * within them.
 */
public record PlannedVm(@NotBlank @Pattern(regexp = ProxmoxSite.NODE_NAME) String name, @Min(1) @Max(128) int cores,
		@Min(512) int memoryMb, @Min(8) int diskGb, String address) {
}
