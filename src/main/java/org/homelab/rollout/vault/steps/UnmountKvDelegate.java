package org.homelab.rollout.vault.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.vault.EngineAccess;
import org.homelab.rollout.vault.KvMountConvergence;
import org.homelab.rollout.vault.VaultTarget;

import org.springframework.stereotype.Component;

/** Compensation: unmounts the KV engine if this run created it. */
@Component
class UnmountKvDelegate implements JavaDelegate {

	private final StepTargets targets;

	private final EngineAccess access;

	private final KvMountConvergence mounts;

	UnmountKvDelegate(StepTargets targets, EngineAccess access, KvMountConvergence mounts) {
		this.targets = targets;
		this.access = access;
		this.mounts = mounts;
	}

	@Override
	public void execute(DelegateExecution execution) {
		if (Boolean.TRUE.equals(execution.getVariable(VaultVariables.KV_MOUNT_CREATED))) {
			VaultTarget target = this.targets.of(execution);
			this.mounts.remove(target, this.access.engineVault(target));
		}
	}

}
