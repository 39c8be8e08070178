package org.homelab.rollout.plan;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the rollout reads of a plan to decide adoption: a phase's changes are its entries
 * other than plain adopts, and only its own.
 */
class PlanTests {

	private static final Plan PLAN = new Plan(List.of(1, 4),
			List.of(new PlannedChange(1, "proxmox", "vm", "vault", PlanAction.ADOPT, ""),
					new PlannedChange(4, "proxmox", "vm", "proxmox-backup", PlanAction.ADOPT, ""),
					new PlannedChange(4, "proxmox", "backup-job", "homelab-rollout", PlanAction.ADOPT_WITH_CHANGES,
							"enabled"),
					new PlannedChange(4, "k3s", "helm-release", "pbs-exporter", PlanAction.CREATE, "")),
			List.of());

	@Test
	void aPhaseThePlanOnlyAdoptsForHasNoChanges() {
		assertThat(PLAN.changesOf(1, 1000)).isEmpty();
		assertThat(PLAN.changesOf(2, 1000)).as("a phase not in the plan").isEmpty();
	}

	@Test
	void aPhasesChangesAreItsCreatesAndAdoptsWithChangesOneALine() {
		assertThat(PLAN.changesOf(4, 1000))
			.isEqualTo("adopt with changes proxmox backup-job homelab-rollout (enabled)\ncreate k3s helm-release "
					+ "pbs-exporter");
		assertThat(PLAN.changesOf(4, 20)).hasSize(20).endsWith("…");
	}

}
