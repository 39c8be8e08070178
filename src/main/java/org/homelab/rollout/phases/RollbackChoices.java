package org.homelab.rollout.phases;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.CallActivity;

import org.springframework.stereotype.Component;

/**
 * How far back homelab-rollout may go once phase {@code stopped} rolled itself back:
 * retry it, stop there, or roll back to after an earlier phase. Going back undoes the
 * phases in between newest first, each through its rollback-phase-N, so what depends on a
 * phase is gone before it. Refused: undoing a phase this run adopted (it did not create
 * it, so it does not remove it), and undoing anything while a later phase, from an
 * earlier run, is still live on top of it.
 */
@Component
class RollbackChoices {

	static final String CHOICE = "rollbackChoice";

	static final String STOPPED = "stoppedPhase";

	static final String TARGET = "rollbackTo";

	private final RepositoryService repository;

	private final EarlierPhases earlier;

	RollbackChoices(RepositoryService repository, EarlierPhases earlier) {
		this.repository = repository;
		this.earlier = earlier;
	}

	/**
	 * One choice: its form value, why it is refused (empty if allowed), and the rollback
	 * order it would follow.
	 */
	record Choice(String value, String label, Optional<String> refused, List<String> order) {
	}

	List<Choice> choices(Function<String, Object> run, int stopped) {
		List<Choice> choices = new ArrayList<>();
		choices.add(new Choice("retry", "Retry Phase " + stopped, Optional.empty(), List.of()));
		choices.add(new Choice("stop", "Stop: Phase " + stopped + " stays rolled back, the phases before it stay",
				Optional.empty(), List.of()));
		Optional<String> laterLive = laterPhaseLive(stopped);
		for (int after = stopped - 2; after >= 0; after--) {
			List<String> order = new ArrayList<>();
			Optional<String> refused = laterLive;
			for (int phase = stopped - 1; phase > after; phase--) {
				if (refused.isEmpty() && Boolean.TRUE.equals(run.apply("phase" + phase + "Complete"))) {
					refused = Optional.of("Phase " + phase + " was adopted: it was live before this run, which removes"
							+ " only what it created");
				}
				order.add("Phase " + phase + ": " + String.join(" → ", undoSteps(phase)));
			}
			String label = (after == 0) ? "Roll back everything this run made" : "Roll back to after Phase " + after;
			choices.add(new Choice("after-" + after, label, refused, order));
		}
		return choices;
	}

	/** The choice of that form value; empty if it is none after this phase. */
	Optional<Choice> chosen(Function<String, Object> run, int stopped, Object value) {
		return choices(run, stopped).stream().filter(choice -> choice.value().equals(value)).findFirst();
	}

	/**
	 * A phase after the stopped one, live from an earlier run, depends on those before.
	 */
	private Optional<String> laterPhaseLive(int stopped) {
		if (stopped < 4 && this.earlier.backupsMissing("Phase 4").isEmpty()) {
			return Optional.of("Phase 4 is live (Proxmox VE's backup storage) and depends on every earlier phase: "
					+ "roll it back first (phase-4-backup's own rollback), then come back here");
		}
		if (stopped < 3 && this.earlier.argocdNotManaging("Phase 3").isEmpty()) {
			return Optional.of("Phase 3 is live (Argo CD manages the app-of-apps from GitLab) and depends on the "
					+ "phases before it: roll it back first, then come back here");
		}
		return Optional.empty();
	}

	/** The undo steps of rollback-phase-N, in the model's order. */
	private List<String> undoSteps(int phase) {
		ProcessDefinition definition = this.repository.createProcessDefinitionQuery()
			.processDefinitionKey("rollback-phase-" + phase)
			.latestVersion()
			.singleResult();
		BpmnModelInstance model = this.repository.getBpmnModelInstance(definition.getId());
		return model.getModelElementsByType(CallActivity.class).stream().map(CallActivity::getName).toList();
	}

	/** The form's text: each choice, its order, or why it is refused. */
	String describe(List<Choice> choices) {
		StringBuilder text = new StringBuilder();
		for (Choice choice : choices) {
			text.append("- **").append(choice.value()).append("**: ").append(choice.label());
			choice.refused().ifPresent(why -> text.append(" — *refused*: ").append(why));
			if (choice.refused().isEmpty()) {
				choice.order().forEach(step -> text.append("\n  1. ").append(step));
			}
			text.append('\n');
		}
		return text.toString();
	}

}
