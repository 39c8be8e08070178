package org.homelab.rollout.engine;

import java.util.Map;

import org.camunda.bpm.engine.impl.FormServiceImpl;
import org.camunda.bpm.engine.variable.VariableMap;

/**
 * The engine's FormService, checking each task form submission (Tasklist's Complete
 * button, REST submit-form) against the task's form first ({@link TaskFormCheck}). Start
 * forms are checked where the process starts ({@link StartFormCheck}), whichever way it
 * was started.
 */
class FormCheckedFormService extends FormServiceImpl {

	private final TaskFormCheck check;

	FormCheckedFormService(TaskFormCheck check) {
		this.check = check;
	}

	@Override
	public void submitTaskForm(String taskId, Map<String, Object> properties) {
		super.submitTaskForm(taskId, this.check.check(taskId, properties));
	}

	@Override
	public VariableMap submitTaskFormWithVariablesInReturn(String taskId, Map<String, Object> properties,
			boolean deserializeValues) {
		return super.submitTaskFormWithVariablesInReturn(taskId, this.check.check(taskId, properties),
				deserializeValues);
	}

}
