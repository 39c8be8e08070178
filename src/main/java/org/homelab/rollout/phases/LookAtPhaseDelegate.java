package org.homelab.rollout.phases;

import java.util.Date;
import java.util.List;
import java.util.Optional;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.history.HistoricProcessInstance;

import org.springframework.stereotype.Component;

/**
 * Whether homelab-rollout may adopt phase {@code phase} (an input parameter, 1 to 4)
 * instead of running it: its latest run ended approved at its gate, no rollback of it ran
 * since, and what it leaves live answers the look the next phase's start makes. Sets
 * {@code phase<N>Complete} and, for Cockpit and the operator, {@code phase<N>Look}.
 */
@Component
class LookAtPhaseDelegate implements JavaDelegate {

	/** The phases' process keys, Phase 1 first. */
	static final List<String> PHASES = List.of("phase-1-foundation", "phase-2-cicd", "phase-3-gitops",
			"phase-4-backup");

	private final HistoryService history;

	private final EarlierPhases earlier;

	LookAtPhaseDelegate(HistoryService history, EarlierPhases earlier) {
		this.history = history;
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
		String key = PHASES.get(phase - 1);
		HistoricProcessInstance latest = latestEnded(key);
		if (latest == null) {
			return Optional.of("Phase " + phase + " never ran to its end here: it runs");
		}
		if (!("phase-" + phase + "-done").equals(latest.getEndActivityId())) {
			return Optional.of("Phase " + phase + "'s latest run (" + latest.getBusinessKey() + ") ended at "
					+ latest.getEndActivityId() + ", not approved: it runs again");
		}
		HistoricProcessInstance undone = latestEnded("rollback-phase-" + phase);
		if (undone != null && after(undone.getEndTime(), latest.getEndTime())) {
			return Optional.of("Phase " + phase + " was rolled back by the rollout " + undone.getBusinessKey()
					+ " after its approval: it runs again");
		}
		String name = "Phase " + (phase + 1);
		return switch (phase) {
			case 1 -> this.earlier.vaultMissing(name);
			case 2 -> this.earlier.gitlabNotReady(name);
			case 3 -> this.earlier.argocdNotManaging(name);
			default -> this.earlier.backupsMissing("the rollout");
		};
	}

	private HistoricProcessInstance latestEnded(String key) {
		List<HistoricProcessInstance> ended = this.history.createHistoricProcessInstanceQuery()
			.processDefinitionKey(key)
			.finished()
			.orderByProcessInstanceEndTime()
			.desc()
			.listPage(0, 1);
		return ended.isEmpty() ? null : ended.get(0);
	}

	private static boolean after(Date one, Date other) {
		return one != null && other != null && one.after(other);
	}

}
