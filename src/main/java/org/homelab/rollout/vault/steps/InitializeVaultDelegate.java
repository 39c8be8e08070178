package org.homelab.rollout.vault.steps;

import java.nio.file.Path;
import java.util.stream.Collectors;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.vault.SharesHandedOut;
import org.homelab.rollout.vault.VaultBootstrap;

import org.springframework.stereotype.Component;

/**
 * Initialises Vault; the shares go to their holders or a 0600 file, the process learns
 * only where.
 */
@Component
class InitializeVaultDelegate implements JavaDelegate {

	private final StepTargets targets;

	private final VaultBootstrap bootstrap;

	InitializeVaultDelegate(StepTargets targets, VaultBootstrap bootstrap) {
		this.targets = targets;
		this.bootstrap = bootstrap;
	}

	@Override
	public void execute(DelegateExecution execution) {
		SharesHandedOut shares = this.bootstrap.initialize(this.targets.of(execution));
		execution.setVariable(VaultVariables.SHARES_ENCRYPTED, shares.encrypted());
		execution.setVariable(VaultVariables.SHARE_FILES,
				shares.files().stream().map(Path::toString).collect(Collectors.joining(",")));
		execution.setVariable(VaultVariables.SHARES_FILE,
				(shares.plainFile() != null) ? shares.plainFile().toString() : null);
	}

}
