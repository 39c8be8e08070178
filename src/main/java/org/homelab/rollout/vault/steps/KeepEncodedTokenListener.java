package org.homelab.rollout.vault.steps;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.homelab.rollout.vault.RootRecovery;

import org.springframework.stereotype.Component;

/**
 * The holders' task completed: the Encoded Token the last holder entered leaves the
 * process in the same transaction (to a 0600 file beside the attempt's OTP), so it is
 * never stored as a variable; history never records it either (HistoryWithholding).
 */
@Component
class KeepEncodedTokenListener implements TaskListener {

	private final RootRecovery recovery;

	KeepEncodedTokenListener(RootRecovery recovery) {
		this.recovery = recovery;
	}

	@Override
	public void notify(DelegateTask task) {
		String encoded = (String) task.getVariable(VaultVariables.ENCODED_ROOT_TOKEN);
		task.removeVariable(VaultVariables.ENCODED_ROOT_TOKEN);
		String nonce = (String) task.getVariable(VaultVariables.ROOT_GENERATION_NONCE);
		this.recovery.keepEncodedToken(nonce, encoded);
	}

}
