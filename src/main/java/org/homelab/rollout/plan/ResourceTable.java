package org.homelab.rollout.plan;

import java.util.Map;
import java.util.Optional;

import org.homelab.rollout.inventory.PlannedVm;

/**
 * The plan's VM resource table (services-integration-sequence.md, "VM Resource
 * Allocation"): the ranges the inventory's sizes must lie within. The inventory holds the
 * sizes chosen; this holds the plan's words for them.
 */
public final class ResourceTable {

	/** vCPU min-max, RAM GB min-max, disk GB minimum ("50GB+"). */
	public record Range(int minCores, int maxCores, int minMemoryGb, int maxMemoryGb, int minDiskGb) {

		/** What is outside the range, empty when nothing is. */
		String outside(PlannedVm vm) {
			StringBuilder problems = new StringBuilder();
			if (vm.cores() < this.minCores || vm.cores() > this.maxCores) {
				problems.append(vm.cores() + " vCPU not in " + this.minCores + "-" + this.maxCores + "; ");
			}
			if (vm.memoryMb() < this.minMemoryGb * 1024 || vm.memoryMb() > this.maxMemoryGb * 1024) {
				problems
					.append(vm.memoryMb() + " MB RAM not in " + this.minMemoryGb + "-" + this.maxMemoryGb + " GB; ");
			}
			if (vm.diskGb() < this.minDiskGb) {
				problems.append(vm.diskGb() + " GB disk below " + this.minDiskGb + " GB+; ");
			}
			return problems.toString().replaceAll("; $", "");
		}

		@Override
		public String toString() {
			return this.minCores + "-" + this.maxCores + " vCPU, " + this.minMemoryGb + "-" + this.maxMemoryGb
					+ " GB RAM, " + this.minDiskGb + " GB+ disk";
		}

	}

	private static final Map<String, Range> RANGES = Map.of("prometheus", new Range(2, 4, 4, 8, 50), "vault",
			new Range(4, 8, 8, 16, 50), "gitlab-ce", new Range(4, 8, 8, 16, 100), "ansible", new Range(2, 4, 4, 8, 50),
			"proxmox-backup", new Range(2, 4, 4, 8, 100));

	private ResourceTable() {
	}

	public static Optional<Range> of(String vmName) {
		return Optional.ofNullable(RANGES.get(vmName));
	}

}
