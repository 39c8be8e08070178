package org.homelab.rollout.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.variable.value.TypedValue;

/**
 * Checks a task completion against the Camunda Form of the task ({@code camunda:formRef})
 * before the engine is asked to complete it, so a refusal leaves the task open and the
 * process where it was. Runs as the caller: a task the caller may not see is left to the
 * completion itself to answer (404 or 403), so nothing about it is revealed.
 */
class TaskFormCheck {

	private final ProcessEngineConfigurationImpl engine;

	private final Supplier<List<TaskCompletionRule>> rules;

	TaskFormCheck(ProcessEngineConfigurationImpl engine, Supplier<List<TaskCompletionRule>> rules) {
		this.engine = engine;
		this.rules = rules;
	}

	/**
	 * The variables to complete the task with: the submitted ones and the form's defaults
	 * for inputs left out.
	 */
	Map<String, Object> check(String taskId, Map<String, Object> submitted) {
		Map<String, Object> variables = (submitted != null) ? submitted : Map.of();
		Task task = task(taskId);
		if (task == null || task.getCamundaFormRef() == null) {
			return submitted;
		}
		FormRules form = FormRules.read(this.engine.getFormService().getDeployedTaskForm(taskId));
		Map<String, Object> complete = form.withDefaults(variables, name -> current(taskId, name));
		List<String> problems = new ArrayList<>(form.problems(complete, name -> current(taskId, name)));
		if (problems.isEmpty()) {
			// the rules read the fields as the form let them through
			this.rules.get()
				.stream()
				.filter(rule -> rule.form().equals(task.getCamundaFormRef().getKey()))
				.forEach(rule -> problems.addAll(rule.problems(complete, name -> current(taskId, name))));
		}
		if (!problems.isEmpty()) {
			throw new FormInputRefusedException(
					"'" + task.getName() + "' not completed, the task stays open: " + String.join("; ", problems));
		}
		return complete;
	}

	/**
	 * Refuses setting or removing variables one by one on a task that has a form: its
	 * input comes with its completion, where the form checks it (otherwise a value the
	 * form refuses, or a variable it does not take, could be set first and completed with
	 * an empty body). Tasks without a form are left alone.
	 */
	void refuseVariableWrite(String taskId) {
		Task task = task(taskId);
		if (task != null && task.getCamundaFormRef() != null) {
			FormRules form = FormRules.read(this.engine.getFormService().getDeployedTaskForm(taskId));
			throw new FormInputRefusedException(
					"'" + task.getName() + "' takes its input with its completion, checked against its form ("
							+ form.editable() + "): complete the task with them; no variable was set or removed");
		}
	}

	/** The task with its form key, as the caller sees it (null if they may not). */
	private Task task(String taskId) {
		return this.engine.getTaskService().createTaskQuery().taskId(taskId).initializeFormKeys().singleResult();
	}

	private Object current(String taskId, String name) {
		TypedValue value = this.engine.getTaskService().getVariableTyped(taskId, name, true);
		return (value != null) ? value.getValue() : null;
	}

}
