package org.homelab.rollout.engine;

import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * The rollout run a step acts for: the variable {@code rolloutRun} if set, else the
 * business key, else the id of the root process instance (stable across call activities
 * and engine restarts). Steps of every system mark what they create with it, so a re-run
 * adopts its own work and compensation removes only that.
 */
public final class RolloutRun {

	public static final String VARIABLE = "rolloutRun";

	private RolloutRun() {
	}

	public static String of(DelegateExecution execution) {
		Object run = execution.getVariable(VARIABLE);
		if (run != null && !run.toString().isBlank()) {
			return run.toString();
		}
		if (execution.getProcessBusinessKey() != null && !execution.getProcessBusinessKey().isBlank()) {
			return execution.getProcessBusinessKey();
		}
		DelegateExecution root = execution.getProcessInstance();
		while (root.getSuperExecution() != null) {
			root = root.getSuperExecution().getProcessInstance();
		}
		return root.getId();
	}

}
