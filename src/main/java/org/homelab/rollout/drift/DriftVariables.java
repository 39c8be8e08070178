package org.homelab.rollout.drift;

import org.camunda.bpm.engine.delegate.DelegateExecution;

/** The drift check's variables, as drift-check.bpmn and its form use them. */
final class DriftVariables {

	/** The drift check's key. */
	static final String PROCESS = "drift-check";

	static final String COMPLETED_PHASES = "completedPhases";

	/** Input of a step: the run that completed the phase the step is about. */
	static final String PHASE_RUN = "phaseRun";

	/** Input of the comparison: the phase (as the matrix check takes it). */
	static final String PHASE = "rolloutPhase";

	/** Input of the carry-over: the names of the run's variables its checks need. */
	static final String CARRIED = "carried";

	/** Whether a criterion met at its gate is not met now. */
	static final String FOUND = "driftFound";

	/** One line a drifted criterion: phase, criterion, what the check found now. */
	static final String CHANGES = "driftChanges";

	/** One line a drifted criterion: when it was last seen met. */
	static final String SINCE = "driftSince";

	/** What to do: which phases to run again. */
	static final String ACTION = "driftAction";

	/** The drifted criteria as {@code <phase>/<criterion>}, comma-separated. */
	static final String CRITERIA = "driftCriteria";

	/**
	 * {@code <phase>/<criterion>=<instant>} lines: when each criterion was last seen met
	 * (by this check, an earlier one, or the phase's gate); the next check reads it from
	 * this run's history.
	 */
	static final String LAST_MET = "criteriaLastMet";

	/** Camunda keeps a String variable up to 4000 characters. */
	static final int MAX = 3900;

	private DriftVariables() {
	}

	static String phaseRun(int phase) {
		return "phase" + phase + "Run";
	}

	static void clearDrift(DelegateExecution execution) {
		execution.setVariable(FOUND, false);
		execution.setVariable(CHANGES, "");
		execution.setVariable(SINCE, "");
		execution.setVariable(ACTION, "");
		execution.setVariable(CRITERIA, "");
	}

	static String cut(String text) {
		return (text.length() <= MAX) ? text : text.substring(0, MAX) + "…";
	}

}
