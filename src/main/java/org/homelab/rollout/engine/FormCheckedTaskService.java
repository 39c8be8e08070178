package org.homelab.rollout.engine;

import java.util.Map;

import org.camunda.bpm.engine.impl.TaskServiceImpl;
import org.camunda.bpm.engine.variable.VariableMap;

/**
 * The engine's TaskService, checking each completion against the task's form first
 * ({@link TaskFormCheck}).
 */
class FormCheckedTaskService extends TaskServiceImpl {

	private final TaskFormCheck check;

	FormCheckedTaskService(TaskFormCheck check) {
		this.check = check;
	}

	@Override
	public void complete(String taskId) {
		super.complete(taskId, this.check.check(taskId, null));
	}

	@Override
	public void complete(String taskId, Map<String, Object> variables) {
		super.complete(taskId, this.check.check(taskId, variables));
	}

	@Override
	public VariableMap completeWithVariablesInReturn(String taskId, Map<String, Object> variables,
			boolean deserializeValues) {
		return super.completeWithVariablesInReturn(taskId, this.check.check(taskId, variables), deserializeValues);
	}

}
