package org.homelab.rollout.drift;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

/**
 * Which phases the drift check re-checks: sets {@code phase<N>Run} for every deployed
 * phase, the id of the run that completed it or null, and {@code completedPhases} (for a
 * person). Starts the drift record of this check empty.
 */
@Component
class FindCompletedPhasesDelegate implements JavaDelegate {

	private final PhaseHistory history;

	FindCompletedPhasesDelegate(PhaseHistory history) {
		this.history = history;
	}

	@Override
	public void execute(DelegateExecution execution) {
		List<String> completed = new ArrayList<>();
		for (Map.Entry<Integer, String> phase : this.history.phases().entrySet()) {
			String run = this.history.completedRun(phase.getKey(), phase.getValue())
				.map(instance -> instance.getId())
				.orElse(null);
			execution.setVariable(DriftVariables.phaseRun(phase.getKey()), run);
			if (run != null) {
				completed.add("Phase " + phase.getKey() + " (" + phase.getValue() + ", run " + run + ")");
			}
		}
		execution.setVariable(DriftVariables.COMPLETED_PHASES,
				completed.isEmpty() ? "none" : String.join(", ", completed));
		DriftVariables.clearDrift(execution);
	}

}
