package org.homelab.rollout.phases;

import java.time.Duration;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngineServices;
import org.camunda.bpm.engine.history.HistoricActivityInstance;
import org.camunda.bpm.engine.task.Task;
import org.homelab.rollout.support.ProcessRuns;

/**
 * A phase's runs as every phase test drives them, by the phase's number: start (and the
 * plan review it shows first, approved), gate ({@code approve-phase-N}), decision
 * ({@code phaseNDecision}), end ({@code phase-N-done} or {@code phase-N-rolled-back}).
 * While it waits it does what vault-setup asks of an operator for a new Vault.
 */
final class PhaseRuns {

	private final String key;

	private final int number;

	private final ProcessRuns runs;

	PhaseRuns(ProcessEngineServices engine, String key, int number, Duration timeout) {
		this.key = key;
		this.number = number;
		this.runs = new ProcessRuns(engine).within(timeout).meanwhile(() -> Phase1.moveVaultSharesOffline(engine));
	}

	ProcessRuns runs() {
		return this.runs;
	}

	/** Starts the phase on its own and approves the plan it shows first. */
	String start(String run) {
		String phase = startShowingPlan(run);
		this.runs.approvePlan(phase);
		return phase;
	}

	/** Starts the phase on its own, leaving its plan review open. */
	String startShowingPlan(String run) {
		return this.runs.start(this.key, run, Map.of());
	}

	Task awaitPlanReview(String phase) {
		return this.runs.awaitPlanReview(phase);
	}

	Task awaitGate(String phase) {
		return this.runs.awaitTask(phase, "approve-phase-" + this.number);
	}

	void decide(Task gate, String decision) {
		this.runs.complete(gate, Map.of("phase" + this.number + "Decision", decision));
	}

	/**
	 * Waits for the phase to end and answers the end event it ended at
	 * ({@code phase-N-done} or {@code phase-N-rolled-back}).
	 */
	String awaitEnd(String phase) {
		this.runs.awaitEnd(phase);
		String done = "phase-" + this.number + "-done";
		String rolledBack = "phase-" + this.number + "-rolled-back";
		return this.runs.activities(phase, done, rolledBack)
			.stream()
			.map(HistoricActivityInstance::getActivityId)
			.findFirst()
			.orElse("neither end event");
	}

}
