package org.homelab.rollout.phases;

import java.util.List;
import java.util.Optional;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

/**
 * Whether homelab-rollout may adopt phase {@code phase} (an input parameter, 1 to 4)
 * instead of running it: the history holds it as completed ({@link PhaseCompletion}) and
 * what it leaves live answers the look the next phase's start makes. Sets
 * {@code phase<N>Complete} and, for Cockpit and the operator, {@code phase<N>Look}.
 */
@Component
class LookAtPhaseDelegate implements JavaDelegate {

	/** The phases' process keys, Phase 1 first. */
	static final List<String> PHASES = List.of("phase-1-foundation", "phase-2-cicd", "phase-3-gitops",
			"phase-4-backup");

	private final PhaseCompletion completion;

	private final EarlierPhases earlier;

	LookAtPhaseDelegate(PhaseCompletion completion, EarlierPhases earlier) {
		this.completion = completion;
		this.earlier = earlier;
	}

	@Override
	public void execute(DelegateExecution execution) {
		int phase = ((Number) execution.getVariable("phase")).intValue();
		Optional<String> missing = notComplete(phase);
		execution.setVariable("phase" + phase + "Complete", missing.isEmpty());
		execution.setVariable("phase" + phase + "Look",
				missing.orElse("Phase " + phase + " adopted: approved and live, nothing of it is run again"));
	}

	private Optional<String> notComplete(int phase) {
		Optional<String> history = this.completion.notApproved(phase, PHASES.get(phase - 1));
		if (history.isPresent()) {
			return history.map(why -> why + ": it runs");
		}
		String name = "Phase " + (phase + 1);
		return switch (phase) {
			case 1 -> this.earlier.vaultMissing(name);
			case 2 -> this.earlier.gitlabNotReady(name);
			case 3 -> this.earlier.argocdNotManaging(name);
			default -> this.earlier.backupsMissing("the rollout");
		};
	}

}
