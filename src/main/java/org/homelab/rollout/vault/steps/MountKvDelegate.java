package org.homelab.rollout.vault.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.vault.EngineAccess;
import org.homelab.rollout.vault.KvMountConvergence;
import org.homelab.rollout.vault.Outcome;
import org.homelab.rollout.vault.VaultTarget;

import org.springframework.stereotype.Component;

/** Mounts the homelab KV v2 secrets engine, or adopts it. */
@Component
class MountKvDelegate implements JavaDelegate {

	private final StepTargets targets;

	private final EngineAccess access;

	private final KvMountConvergence mounts;

	MountKvDelegate(StepTargets targets, EngineAccess access, KvMountConvergence mounts) {
		this.targets = targets;
		this.access = access;
		this.mounts = mounts;
	}

	@Override
	public void execute(DelegateExecution execution) {
		VaultTarget target = this.targets.of(execution);
		Outcome outcome = this.mounts.ensure(target, this.access.engineVault(target));
		execution.setVariable(VaultVariables.KV_MOUNT_CREATED, outcome == Outcome.CREATED);
	}

}
