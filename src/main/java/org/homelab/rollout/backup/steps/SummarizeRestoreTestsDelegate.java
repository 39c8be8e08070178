package org.homelab.rollout.backup.steps;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.homelab.rollout.criteria.Criterion;

import org.springframework.stereotype.Component;

/**
 * After the phase's restore tests (restore-test, once per VM class, side by side): what
 * each found, read from the history of the instances this phase called (the newest per
 * VM, so a retried branch counts once), as {@code restoreTestsMet} and
 * {@code restoreTestsResult} for the restore-procedure form and the criteria. The input
 * collection ({@code restoreVms}) says which VMs must have passed.
 */
@Component
class SummarizeRestoreTestsDelegate implements JavaDelegate {

	static final String VMS = "restoreVms";

	private final HistoryService history;

	SummarizeRestoreTestsDelegate(HistoryService history) {
		this.history = history;
	}

	@Override
	public void execute(DelegateExecution execution) {
		Map<String, RestoreTests.Outcome> outcomes = new LinkedHashMap<>();
		List<HistoricProcessInstance> called = this.history.createHistoricProcessInstanceQuery()
			.superProcessInstanceId(execution.getProcessInstanceId())
			.processDefinitionKey("restore-test")
			.finished()
			.list()
			.stream()
			.sorted(Comparator.comparing(HistoricProcessInstance::getEndTime))
			.toList();
		for (HistoricProcessInstance instance : called) {
			Map<String, Object> values = new LinkedHashMap<>();
			for (HistoricVariableInstance variable : this.history.createHistoricVariableInstanceQuery()
				.processInstanceId(instance.getId())
				.variableNameIn("restoreVm", "restoreTestMet", "restoreTestResult")
				.list()) {
				values.put(variable.getName(), variable.getValue());
			}
			String vm = (String) values.get("restoreVm");
			if (vm != null) {
				outcomes.put(vm, new RestoreTests.Outcome(vm, Boolean.TRUE.equals(values.get("restoreTestMet")),
						String.valueOf(values.getOrDefault("restoreTestResult", "no result recorded"))));
			}
		}
		Collection<?> expected = (Collection<?>) execution.getVariable(VMS);
		Criterion automated = RestoreTests.automated(expected.stream().map(String::valueOf).toList(), outcomes);
		execution.setVariable(RestoreTests.AUTOMATED_MET, automated.met());
		execution.setVariable(RestoreTests.AUTOMATED_RESULT, automated.result());
	}

}
