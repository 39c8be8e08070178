package org.homelab.rollout.phases;

import java.nio.file.Files;
import java.util.List;
import java.util.Optional;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.homelab.rollout.vault.VaultProperties;
import org.homelab.rollout.vault.VaultSeal;
import org.homelab.rollout.vault.VaultSetupException;
import org.homelab.rollout.vault.VaultTarget;
import org.homelab.rollout.vault.VaultTargets;

import org.springframework.stereotype.Component;

/**
 * The start listener of phase-2-cicd: the variables as every phase checks them, then
 * Phase 1's Vault, which Phase 2 writes every credential into. No Vault, or one never
 * initialised, or no engine token for it refuses the start with 400 naming what is
 * missing, before anything is created. A sealed Vault is no refusal: the phase's first
 * step unseals it as Phase 1 does (the same user task when the engine holds no shares).
 */
@Component("phase2StartVariables")
public class Phase2StartVariables implements ExecutionListener {

	private static final int NOT_INITIALISED = 501;

	private final VaultTargets targets;

	private final VaultSeal seal;

	private final VaultProperties vault;

	Phase2StartVariables(VaultTargets targets, VaultSeal seal, VaultProperties vault) {
		this.targets = targets;
		this.seal = seal;
		this.vault = vault;
	}

	@Override
	public void notify(DelegateExecution execution) {
		List<String> problems = RunVariables.problems(execution, "Phase 2");
		if (problems.isEmpty()) {
			vaultProblem().ifPresent(problems::add);
		}
		if (!problems.isEmpty()) {
			throw new StartRefusedException("Phase 2 not started, nothing was created: " + String.join("; ", problems));
		}
		RunVariables.fillDefaults(execution);
	}

	/** Only looks: sys/health of the homelab's Vault, and the engine's token file. */
	private Optional<String> vaultProblem() {
		VaultTarget target = this.targets.target(null, null);
		if (!Files.isRegularFile(this.vault.engineTokenFile())) {
			return Optional
				.of("Phase 1's Vault is missing: the engine holds no Vault token (" + this.vault.engineTokenFile()
						+ "). Run phase-1-foundation first; Phase 2 keeps every credential " + "in that Vault");
		}
		Optional<Integer> health;
		try {
			health = this.seal.listening(target);
		}
		catch (VaultSetupException ex) {
			return Optional.of("Phase 1's Vault at " + target + " cannot be used: " + ex.getMessage());
		}
		if (health.isEmpty()) {
			return Optional.of("no Vault answers at " + target + ": start the Vault VM (Phase 1 installed it there), "
					+ "or run phase-1-foundation if it never ran");
		}
		if (health.get() == NOT_INITIALISED) {
			return Optional.of("the Vault at " + target + " is not initialised: run phase-1-foundation first");
		}
		return Optional.empty();
	}

}
