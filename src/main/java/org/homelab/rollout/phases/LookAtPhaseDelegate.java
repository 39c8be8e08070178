package org.homelab.rollout.phases;

import java.util.List;
import java.util.Optional;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.plan.steps.PlanPreviewVariables;

import org.springframework.stereotype.Component;

/**
 * Whether homelab-rollout may adopt phase {@code phase} (an input parameter, 1 to 4)
 * instead of running it: the history holds it as completed ({@link PhaseCompletion}), the
 * reviewed plan only adopts for it (everything it touches exists and matches, read on the
 * live systems before the first change), and what it leaves live answers the look the
 * next phase's start makes. Sets {@code phase<N>Complete} and, for Cockpit and the
 * operator, {@code phase<N>Look}.
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
		Optional<String> missing = notComplete(phase)
			.or(() -> changed(phase, execution.getVariable(PlanPreviewVariables.changesOf(phase))))
			.or(() -> notLive(phase));
		execution.setVariable("phase" + phase + "Complete", missing.isEmpty());
		execution.setVariable("phase" + phase + "Look", missing.orElse("Phase " + phase
				+ " adopted: approved at its gate, the plan only adopts for it, and live; nothing of it is run again"));
	}

	private Optional<String> notComplete(int phase) {
		return this.completion.notApproved(phase, PHASES.get(phase - 1)).map(why -> why + ": it runs");
	}

	/**
	 * A completed phase that drifted (a release deleted, a backup job disabled) is run
	 * again, which adopts what is left and repairs the rest.
	 */
	private static Optional<String> changed(int phase, Object changes) {
		if (changes == null || changes.toString().isEmpty()) {
			return Optional.empty();
		}
		return Optional.of("the reviewed plan changes Phase " + phase + " (" + changes.toString().replace("\n", "; ")
				+ "): it runs, adopting what matches and repairing the rest");
	}

	private Optional<String> notLive(int phase) {
		String name = "Phase " + (phase + 1);
		return switch (phase) {
			case 1 -> this.earlier.vaultMissing(name);
			case 2 -> this.earlier.gitlabNotReady(name);
			case 3 -> this.earlier.argocdNotManaging(name);
			default -> this.earlier.backupsMissing("the rollout");
		};
	}

}
