package org.homelab.rollout.backup.steps;

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
 * {@code restoreTestsResult} for the restore-procedure form and the criteria. The VMs
 * that must have passed are the multi-instance's collection ({@link Phase4Model}).
 */
@Component
class SummarizeRestoreTestsDelegate implements JavaDelegate {

	private final HistoryService history;

	private final Phase4Model model;

	SummarizeRestoreTestsDelegate(HistoryService history, Phase4Model model) {
		this.history = history;
		this.model = model;
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
		Criterion automated = RestoreTests.automated(this.model.getRestoreVms(), outcomes);
		execution.setVariable(RestoreTests.AUTOMATED_MET, automated.met());
		execution.setVariable(RestoreTests.AUTOMATED_RESULT, automated.result());
	}

}
