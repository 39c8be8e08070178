package org.homelab.rollout.engine;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.context.Context;

/**
 * The start listener of every start event with a Camunda Form ({@code camunda:formRef}):
 * a start whose variables do not fit the form is refused before the process takes its
 * first step, so no instance exists afterwards; inputs left out take the form's default.
 * Runs after the start event's own listeners (e.g. a phase's start check, whose messages
 * are more specific), so the variables it sees are the start's, the defaults those set,
 * and the engine's marks.
 */
class StartFormCheck implements ExecutionListener {

	/** Set by homelab-rollout on the phases it calls: it reviewed their plan already. */
	static final String PLAN_REVIEWED = "planReviewed";

	@Override
	public void notify(DelegateExecution execution) throws Exception {
		String definitionId = execution.getProcessDefinitionId();
		FormRules form = Context.getCommandContext()
			.runWithoutAuthorization(() -> FormRules
				.read(execution.getProcessEngineServices().getFormService().getDeployedStartForm(definitionId)));
		Map<String, Object> submitted = new LinkedHashMap<>(execution.getVariables());
		submitted.remove(RehearsalMarks.VARIABLE);
		if (execution.getProcessInstance().getSuperExecution() != null) {
			// homelab-rollout's mark on a phase it calls; the phase's own start listener
			// (RunVariables) refuses it from anyone else
			submitted.remove(PLAN_REVIEWED);
		}
		Map<String, Object> complete = form.withDefaults(submitted, name -> null);
		List<String> problems = form.problems(complete, name -> null);
		if (!problems.isEmpty()) {
			String process = execution.getProcessEngineServices()
				.getRepositoryService()
				.getProcessDefinition(definitionId)
				.getName();
			throw new FormInputRefusedException(
					"'" + process + "' not started, nothing was created: " + String.join("; ", problems));
		}
		complete.keySet().removeAll(submitted.keySet());
		execution.setVariables(complete);
	}

}
