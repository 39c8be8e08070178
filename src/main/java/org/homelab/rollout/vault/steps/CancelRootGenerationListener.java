package org.homelab.rollout.vault.steps;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.homelab.rollout.vault.RootRecovery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The holders' task deleted (the run cancelled): cancels the root generation attempt and
 * deletes its OTP, so no half-done attempt stays in Vault. A Vault that cannot be asked
 * does not keep the run from being cancelled: the next run's start cancels what it cannot
 * finish.
 */
@Component
class CancelRootGenerationListener implements TaskListener {

	private static final Logger log = LoggerFactory.getLogger(CancelRootGenerationListener.class);

	private final StepTargets targets;

	private final RootRecovery recovery;

	CancelRootGenerationListener(StepTargets targets, RootRecovery recovery) {
		this.targets = targets;
		this.recovery = recovery;
	}

	@Override
	public void notify(DelegateTask task) {
		String nonce = (String) task.getVariable(VaultVariables.ROOT_GENERATION_NONCE);
		if (nonce != null && !this.recovery.cancelWithHolders(this.targets.of(task), nonce)) {
			log.warn("Could not cancel the root generation attempt {} at Vault; the next vault-setup run cancels it, "
					+ "or cancel it with 'vault operator generate-root -cancel'", nonce);
		}
	}

}
