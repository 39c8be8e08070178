package org.homelab.rollout.vault.steps;

import java.nio.file.Files;
import java.nio.file.Path;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

/**
 * After the operator confirmed moving the shares offline: is the plain shares file really
 * gone?
 */
@Component
class CheckSharesRemovedDelegate implements JavaDelegate {

	@Override
	public void execute(DelegateExecution execution) {
		String file = (String) execution.getVariable(VaultVariables.SHARES_FILE);
		execution.setVariable(VaultVariables.SHARES_REMOVED, file == null || !Files.exists(Path.of(file)));
	}

}
