package org.homelab.rollout.vault.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.vault.SealState;
import org.homelab.rollout.vault.VaultBootstrap;
import org.homelab.rollout.vault.VaultSeal;
import org.homelab.rollout.vault.VaultTarget;

import org.springframework.stereotype.Component;

/**
 * Reads sys/seal-status: is this Vault new, sealed, or ready to be adopted? A sealed one
 * whose plain shares file this engine still keeps (a run cancelled between the
 * initialisation and the unseal) gets that file as {@code vaultSharesFile}: the model
 * unseals with it, and the operator moves it offline at the end as after an
 * initialisation.
 */
@Component
class ReadVaultStatusDelegate implements JavaDelegate {

	private final StepTargets targets;

	private final VaultSeal seal;

	private final VaultBootstrap bootstrap;

	ReadVaultStatusDelegate(StepTargets targets, VaultSeal seal, VaultBootstrap bootstrap) {
		this.targets = targets;
		this.seal = seal;
		this.bootstrap = bootstrap;
	}

	@Override
	public void execute(DelegateExecution execution) {
		VaultTarget target = this.targets.of(execution);
		SealState state = this.seal.status(target);
		execution.setVariable(VaultVariables.PHASE, state.phase().name());
		if (state.phase() == SealState.Phase.SEALED) {
			this.bootstrap.keptSharesFile(target).ifPresent(file -> {
				execution.setVariable(VaultVariables.SHARES_ENCRYPTED, false);
				execution.setVariable(VaultVariables.SHARE_FILES, file.toString());
				execution.setVariable(VaultVariables.SHARES_FILE, file.toString());
			});
		}
	}

}
