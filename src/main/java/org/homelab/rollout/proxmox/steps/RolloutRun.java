package org.homelab.rollout.proxmox.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;

/**
 * The rollout run a step acts for: the variable {@code rolloutRun} if set, else the business key, else the id of the
 * root process instance (stable across call activities and engine restarts).
 */
final class RolloutRun {

	private RolloutRun() {
	}

	static String of(DelegateExecution execution) {
		Object run = execution.getVariable(ProxmoxVariables.ROLLOUT_RUN);
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
