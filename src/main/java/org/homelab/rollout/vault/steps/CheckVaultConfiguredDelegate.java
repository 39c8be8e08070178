package org.homelab.rollout.vault.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.criteria.Criterion;
import org.homelab.rollout.vault.EngineAccess;
import org.homelab.rollout.vault.VaultConfigurationCheck;
import org.homelab.rollout.vault.VaultSeal;
import org.homelab.rollout.vault.VaultTarget;

import org.springframework.stereotype.Component;

/**
 * Phase 1's success criterion "Vault accessible and configured": sets
 * {@code vaultConfiguredMet} and a line for the gate form in
 * {@code vaultConfiguredResult}. Never fails the process: an unreachable Vault is a
 * criterion not met.
 */
@Component("checkVaultConfigured")
class CheckVaultConfiguredDelegate implements JavaDelegate {

	private final StepTargets targets;

	private final VaultSeal seal;

	private final EngineAccess access;

	private final VaultConfigurationCheck check;

	CheckVaultConfiguredDelegate(StepTargets targets, VaultSeal seal, EngineAccess access,
			VaultConfigurationCheck check) {
		this.targets = targets;
		this.seal = seal;
		this.access = access;
		this.check = check;
	}

	@Override
	public void execute(DelegateExecution execution) {
		Criterion verdict;
		try {
			VaultTarget target = this.targets.of(execution);
			int health = this.seal.health(target);
			verdict = (health == 200) ? this.check.verdict(target, health, this.access.engineVault(target))
					: this.check.verdict(target, health, null);
		}
		catch (RuntimeException ex) {
			// the messages of the Vault client name Vault, the call and its answer, never
			// a token
			String message = String.valueOf(ex.getMessage());
			verdict = new Criterion(false,
					"not accessible: " + ((message.length() > 1000) ? message.substring(0, 1000) + "…" : message));
		}
		execution.setVariable(VaultVariables.CONFIGURED_MET, verdict.met());
		execution.setVariable(VaultVariables.CONFIGURED_RESULT, verdict.result());
	}

}
