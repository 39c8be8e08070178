package org.homelab.rollout.phases;

import java.util.List;
import java.util.Optional;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;

import org.springframework.stereotype.Component;

/**
 * Whether the engine's history holds a phase as completed: its latest finished run ended
 * at {@code phase-N-done}, the end its gate's approval leads to (a rejected or failed run
 * ends rolled back; a run still going does not count yet), and no
 * {@code rollback-phase-N} of a rollout going back over it ended since. The rollout's
 * adoption and the drift check both ask here.
 */
@Component
public class PhaseCompletion {

	private final HistoryService history;

	PhaseCompletion(HistoryService history) {
		this.history = history;
	}

	/** The run that completed phase {@code phase} (model {@code key}), if any. */
	public Optional<HistoricProcessInstance> approvedRun(int phase, String key) {
		return Optional.ofNullable(latestEnded(key)).filter(run -> notApproved(phase, run).isEmpty());
	}

	/**
	 * Why the history does not hold phase {@code phase} as completed; empty if it does.
	 */
	Optional<String> notApproved(int phase, String key) {
		HistoricProcessInstance latest = latestEnded(key);
		if (latest == null) {
			return Optional.of("Phase " + phase + " never ran to its end here");
		}
		return notApproved(phase, latest);
	}

	private Optional<String> notApproved(int phase, HistoricProcessInstance latest) {
		if (!("phase-" + phase + "-done").equals(latest.getEndActivityId())) {
			return Optional.of("Phase " + phase + "'s latest run (" + latest.getBusinessKey() + ") ended at "
					+ latest.getEndActivityId() + ", not approved");
		}
		HistoricProcessInstance undone = latestEnded("rollback-phase-" + phase);
		if (undone != null && latest.getEndTime() != null && undone.getEndTime() != null
				&& undone.getEndTime().after(latest.getEndTime())) {
			return Optional.of("Phase " + phase + " was rolled back by the rollout " + undone.getBusinessKey()
					+ " after its approval");
		}
		return Optional.empty();
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

}
