package org.homelab.rollout.phases;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.homelab.rollout.engine.RolloutRun;

/**
 * What every phase's start takes: the run's name and how long a Helm release may take to
 * get ready. The phases' start listeners check these the same way, so a run named in
 * Phase 1 is accepted by Phase 2.
 */
final class RunVariables {

	/**
	 * How long a Helm release of the phase may take to get ready: the start forms'
	 * choices.
	 */
	static final String READY_TIMEOUT = "releaseReadyTimeout";

	static final List<String> READY_TIMEOUTS = List.of("PT5M", "PT15M", "PT30M");

	static final String DEFAULT_READY_TIMEOUT = "PT15M";

	/**
	 * The variables a start may carry: the two choices, and the engine's own rehearsal
	 * mark.
	 */
	static final Set<String> KNOWN = Set.of(RolloutRun.VARIABLE, READY_TIMEOUT, "rehearsal");

	/**
	 * Set by homelab-rollout only: it showed the plan of all its phases before the first,
	 * so the phase does not show its own. A caller passing it would skip the review.
	 */
	static final String PLAN_REVIEWED = "planReviewed";

	private static final String ROLLOUT = "homelab-rollout";

	/**
	 * A run names what it creates (VM descriptions, Kubernetes labels): a Kubernetes
	 * label value.
	 */
	private static final Pattern RUN = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9._-]{0,61}[A-Za-z0-9])?");

	private RunVariables() {
	}

	/** What is wrong with the start's variables; empty when nothing. */
	static List<String> problems(DelegateExecution execution, String phase) {
		List<String> problems = new ArrayList<>();
		for (String name : execution.getVariableNames()) {
			if (PLAN_REVIEWED.equals(name)) {
				if (!calledByRollout(execution)) {
					problems
						.add(PLAN_REVIEWED + " is set by " + ROLLOUT + " only (it reviewed the plan before its first"
								+ " phase): leave it out, " + phase + " shows its plan for review first");
				}
			}
			else if (!KNOWN.contains(name)) {
				problems.add("unknown variable '" + name + "' (" + phase + " takes " + RolloutRun.VARIABLE + " and "
						+ READY_TIMEOUT + ")");
			}
		}
		Object run = execution.getVariable(RolloutRun.VARIABLE);
		if ("".equals(run)) {
			// a form's field left empty (Tasklist sends every field): the business key
			// names the run, as the start form says
			run = null;
		}
		if (run != null && !(run instanceof String)) {
			problems.add(RolloutRun.VARIABLE + " must be a String, was " + run.getClass().getSimpleName());
		}
		else if (run != null && ((String) run).isBlank()) {
			// RolloutRun would fall back to the business key, silently
			problems.add(RolloutRun.VARIABLE + " is blank: leave it out or give the run a name");
		}
		else if (run == null
				&& (execution.getProcessBusinessKey() == null || execution.getProcessBusinessKey().isBlank())) {
			// the run would be named after the instance id, which nobody can find it by
			problems.add("the run has no name: give a business key or " + RolloutRun.VARIABLE);
		}
		else if (!RUN.matcher(RolloutRun.of(execution)).matches()) {
			problems.add("the run name '" + RolloutRun.of(execution) + "' (" + RolloutRun.VARIABLE
					+ ", else the business key) must be 1-63 letters, digits, '-', '_' or '.', starting and ending"
					+ " with a letter or digit");
		}
		Object timeout = execution.getVariable(READY_TIMEOUT);
		if (timeout != null && !READY_TIMEOUTS.contains(timeout)) {
			problems.add(READY_TIMEOUT + " must be one of " + READY_TIMEOUTS + ", was "
					+ (timeout instanceof String ? "'" + timeout + "'" : "a " + timeout.getClass().getSimpleName()));
		}
		return problems;
	}

	/**
	 * A call activity of homelab-rollout, not REST or Tasklist: only a caller's execution
	 * has a super execution, and its definition id is "key:version:id".
	 */
	private static boolean calledByRollout(DelegateExecution execution) {
		DelegateExecution caller = execution.getProcessInstance().getSuperExecution();
		return caller != null && caller.getProcessDefinitionId().startsWith(ROLLOUT + ":");
	}

	/** Fills in the defaults, so every step sees the same run and timeout. */
	static void fillDefaults(DelegateExecution execution) {
		execution.setVariable(RolloutRun.VARIABLE, RolloutRun.of(execution));
		if (execution.getVariable(READY_TIMEOUT) == null) {
			execution.setVariable(READY_TIMEOUT, DEFAULT_READY_TIMEOUT);
		}
	}

}
