package org.homelab.rollout.vault.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.vault.RootRecovery;
import org.homelab.rollout.vault.VaultTarget;

import org.springframework.stereotype.Component;

/**
 * A restart lost the root token and only the share holders can generate one (PGP shares):
 * starts the attempt, keeps its OTP in a 0600 file, and gives the holders' task the nonce
 * and their commands.
 */
@Component
class StartRootGenerationDelegate implements JavaDelegate {

	private final StepTargets targets;

	private final RootRecovery recovery;

	StartRootGenerationDelegate(StepTargets targets, RootRecovery recovery) {
		this.targets = targets;
		this.recovery = recovery;
	}

	@Override
	public void execute(DelegateExecution execution) {
		VaultTarget target = this.targets.of(execution);
		RootRecovery.HoldersAttempt attempt = this.recovery.startWithHolders(target);
		execution.setVariable(VaultVariables.ROOT_GENERATION_NONCE, attempt.nonce());
		execution.setVariable(VaultVariables.ROOT_GENERATION_REQUIRED, attempt.required());
		execution.setVariable(VaultVariables.ROOT_GENERATION_COMMANDS, commands(target, attempt.nonce()));
		execution.setVariable(VaultVariables.ROOT_GENERATION_STATUS,
				"Vault waits for " + attempt.required() + " shares with this nonce.");
	}

	/** What each holder runs; the nonce is public, the share stays with its holder. */
	static String commands(VaultTarget target, String nonce) {
		return "export VAULT_ADDR=" + target.address() + "\n"
				+ ((target.caFile() != null) ? "export VAULT_CACERT=" + target.caFile() + "\n" : "")
				+ "gpg -d <your share file>.share.gpg | vault operator generate-root -nonce=" + nonce + " -";
	}

}
