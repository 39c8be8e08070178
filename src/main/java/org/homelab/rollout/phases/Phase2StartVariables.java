package org.homelab.rollout.phases;

import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;

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

	private final EarlierPhases earlier;

	Phase2StartVariables(EarlierPhases earlier) {
		this.earlier = earlier;
	}

	@Override
	public void notify(DelegateExecution execution) {
		List<String> problems = RunVariables.problems(execution, "Phase 2");
		if (problems.isEmpty()) {
			this.earlier.vaultMissing("Phase 2").ifPresent(problems::add);
		}
		if (!problems.isEmpty()) {
			throw new StartRefusedException("Phase 2 not started, nothing was created: " + String.join("; ", problems));
		}
		RunVariables.fillDefaults(execution);
	}

}
