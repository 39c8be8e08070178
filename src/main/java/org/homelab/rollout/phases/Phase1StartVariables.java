package org.homelab.rollout.phases;

import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;

import org.springframework.stereotype.Component;

/**
 * The start listener of phase-1-foundation: refuses a start whose variables are malformed
 * before anything is created, and fills in the defaults so every step sees the same run
 * and timeout. The refusal is a {@link StartRefusedException}, which REST answers with
 * 400 (see there why not an engine exception).
 */
@Component("phase1StartVariables")
public class Phase1StartVariables implements ExecutionListener {

	/** How long a Helm release of the phase may take to get ready. */
	public static final String READY_TIMEOUT = RunVariables.READY_TIMEOUT;

	@Override
	public void notify(DelegateExecution execution) {
		List<String> problems = RunVariables.problems(execution, "Phase 1");
		if (!problems.isEmpty()) {
			throw new StartRefusedException("Phase 1 not started, nothing was created: " + String.join("; ", problems));
		}
		RunVariables.fillDefaults(execution);
	}

}
