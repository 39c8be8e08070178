package org.homelab.rollout.phases;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.homelab.rollout.engine.TaskCompletionRule;

import org.springframework.stereotype.Component;

/**
 * "Phase N rolled back: how far back?": a choice that is none after that phase, or that
 * is refused (looked at again now, not as the form showed it), is refused before the
 * completion with 400 and the reason, the task left open; at the completion of an allowed
 * one, its listener sets {@code rollbackTo}, the phase the rollout goes back to after.
 */
@Component("rollbackChoiceCheck")
class RollbackChoiceCheck implements TaskCompletionRule, TaskListener {

	private final RollbackChoices choices;

	RollbackChoiceCheck(RollbackChoices choices) {
		this.choices = choices;
	}

	@Override
	public String form() {
		return "rollout-phase-stopped";
	}

	@Override
	public List<String> problems(Map<String, Object> submitted, Function<String, Object> current) {
		int stopped = ((Number) current.apply(RollbackChoices.STOPPED)).intValue();
		Object value = submitted.get(RollbackChoices.CHOICE);
		Optional<RollbackChoices.Choice> choice = this.choices.chosen(current, stopped, value);
		if (choice.isEmpty()) {
			return List.of("'" + value + "' is no choice after Phase " + stopped + " (retry, stop"
					+ ((stopped > 1) ? ", after-0 .. after-" + (stopped - 2) : "") + ")");
		}
		return choice.get()
			.refused()
			.map(why -> List.of("'" + choice.get().label() + "' refused: " + why))
			.orElse(List.of());
	}

	@Override
	public void notify(DelegateTask task) {
		int stopped = ((Number) task.getVariable(RollbackChoices.STOPPED)).intValue();
		String value = (String) task.getVariable(RollbackChoices.CHOICE);
		int target = value.startsWith("after-") ? Integer.parseInt(value.substring("after-".length())) : stopped - 1;
		task.setVariable(RollbackChoices.TARGET, target);
	}

}
