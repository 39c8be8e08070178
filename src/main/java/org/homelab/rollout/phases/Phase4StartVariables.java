package org.homelab.rollout.phases;

import java.util.List;
import java.util.Locale;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.homelab.rollout.backup.BackupInventory;
import org.homelab.rollout.engine.RolloutRun;

import org.springframework.stereotype.Component;

/**
 * The start listener of phase-4-backup, which the plan runs "after all other services are
 * stable": the variables as every phase checks them, then each earlier phase on the live
 * systems, one look each: Phase 3's app-of-apps Synced and Healthy in Argo CD, Phase 2's
 * GitLab ready (the runbook is committed there), Phase 1's Vault (PBS's tokens go there).
 * What is not yet true refuses the start with 400 naming it, before anything is created.
 */
@Component("phase4StartVariables")
public class Phase4StartVariables implements ExecutionListener {

	private final EarlierPhases earlier;

	private final BackupInventory backup;

	Phase4StartVariables(EarlierPhases earlier, BackupInventory backup) {
		this.earlier = earlier;
		this.backup = backup;
	}

	@Override
	public void notify(DelegateExecution execution) {
		List<String> problems = RunVariables.problems(execution, "Phase 4");
		if (this.backup.placement() != BackupInventory.Placement.VM) {
			// pbs-install adds the datastore's disk to the VM it owns; the frontend
			// server
			// is adopted, never changed that way
			problems.add("inventory.backup.placement is " + this.backup.placement().name().toLowerCase(Locale.ROOT)
					+ ": Proxmox Backup Server on the frontend server is not supported yet; use the plan's "
					+ "proxmox-backup VM (placement vm)");
		}
		if (problems.isEmpty()) {
			this.earlier.gitlabNotReady("Phase 4").ifPresent(problems::add);
		}
		if (problems.isEmpty()) {
			this.earlier.argocdNotManaging("Phase 4").ifPresent(problems::add);
		}
		if (problems.isEmpty()) {
			this.earlier.vaultMissing("Phase 4").ifPresent(problems::add);
		}
		if (!problems.isEmpty()) {
			throw new StartRefusedException("Phase 4 not started, nothing was created: " + String.join("; ", problems));
		}
		// no Helm release here: the run is the only default Phase 4's start form knows
		execution.setVariable(RolloutRun.VARIABLE, RolloutRun.of(execution));
	}

}
