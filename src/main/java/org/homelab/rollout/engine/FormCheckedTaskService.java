package org.homelab.rollout.engine;

import java.util.Collection;
import java.util.Map;

import org.camunda.bpm.engine.impl.TaskServiceImpl;
import org.camunda.bpm.engine.variable.VariableMap;

/**
 * The engine's TaskService, checking each completion against the task's form first, and
 * refusing variables set or removed one by one on a task with a form
 * ({@link TaskFormCheck}). Engine-rest, Tasklist and Cockpit all come through here.
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

	// setVariable and setVariableLocal come through here too
	@Override
	protected void setVariables(String taskId, Map<String, ? extends Object> variables, boolean local) {
		this.check.refuseVariableWrite(taskId);
		super.setVariables(taskId, variables, local);
	}

	@Override
	protected void updateVariables(String taskId, Map<String, ? extends Object> modifications,
			Collection<String> deletions, boolean local) {
		this.check.refuseVariableWrite(taskId);
		super.updateVariables(taskId, modifications, deletions, local);
	}

	@Override
	public void removeVariable(String taskId, String variableName) {
		this.check.refuseVariableWrite(taskId);
		super.removeVariable(taskId, variableName);
	}

	@Override
	public void removeVariableLocal(String taskId, String variableName) {
		this.check.refuseVariableWrite(taskId);
		super.removeVariableLocal(taskId, variableName);
	}

	@Override
	public void removeVariables(String taskId, Collection<String> variableNames) {
		this.check.refuseVariableWrite(taskId);
		super.removeVariables(taskId, variableNames);
	}

	@Override
	public void removeVariablesLocal(String taskId, Collection<String> variableNames) {
		this.check.refuseVariableWrite(taskId);
		super.removeVariablesLocal(taskId, variableNames);
	}

}
