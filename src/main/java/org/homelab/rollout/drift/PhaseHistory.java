package org.homelab.rollout.drift;

import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricTaskInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.homelab.rollout.phases.PhaseCompletion;

import org.springframework.stereotype.Component;

/**
 * What the engine's history says of the phases: which is complete
 * ({@link PhaseCompletion}: its latest finished run approved, not rolled back since). Its
 * gate's criteria are that run's {@code <criterion>Met} variables, as the gate showed
 * them (and {@code recordCriteria} exported them).
 */
@Component
class PhaseHistory {

	/** A phase's model: phase-1-foundation, phase-2-cicd, … */
	static final Pattern PHASE_KEY = Pattern.compile("phase-(\\d+)-[a-z0-9-]+");

	private final RepositoryService repository;

	private final HistoryService history;

	private final PhaseCompletion completion;

	PhaseHistory(RepositoryService repository, HistoryService history, PhaseCompletion completion) {
		this.repository = repository;
		this.history = history;
		this.completion = completion;
	}

	/** Phase number to its model's key, for every phase deployed. */
	Map<Integer, String> phases() {
		Map<Integer, String> phases = new TreeMap<>();
		for (ProcessDefinition definition : this.repository.createProcessDefinitionQuery().latestVersion().list()) {
			Matcher key = PHASE_KEY.matcher(definition.getKey());
			if (key.matches()) {
				phases.put(Integer.parseInt(key.group(1)), definition.getKey());
			}
		}
		return phases;
	}

	/**
	 * The run that completed the phase (its latest finished run, if approved and not
	 * rolled back since by a rollout): {@link PhaseCompletion}, as the rollout adopts by.
	 */
	Optional<HistoricProcessInstance> completedRun(int phase, String key) {
		return this.completion.approvedRun(phase, key);
	}

	HistoricProcessInstance run(String id) {
		return this.history.createHistoricProcessInstanceQuery().processInstanceId(id).singleResult();
	}

	/** The run's process variables (latest values) by name. */
	Map<String, Object> variables(String run) {
		Map<String, Object> variables = new LinkedHashMap<>();
		for (HistoricVariableInstance variable : this.history.createHistoricVariableInstanceQuery()
			.processInstanceId(run)
			.list()) {
			// the process's own scope; a task's or sub-process's local ones are theirs
			if (run.equals(variable.getActivityInstanceId()) || variable.getActivityInstanceId() == null
					|| !variables.containsKey(variable.getName())) {
				variables.put(variable.getName(), variable.getValue());
			}
		}
		return variables;
	}

	/** The gate's criteria: criterion to whether it was met when the gate opened. */
	Map<String, Boolean> gateCriteria(String run) {
		Map<String, Boolean> criteria = new TreeMap<>();
		variables(run).forEach((name, value) -> {
			if (name.endsWith(Criteria.MET) && value instanceof Boolean met) {
				criteria.put(Criteria.criterion(name), met);
			}
		});
		return criteria;
	}

	/** When the gate of the run opened: when the phase last checked its criteria. */
	Optional<Date> gateOpened(String run, int phase) {
		return this.history.createHistoricTaskInstanceQuery()
			.processInstanceId(run)
			.taskDefinitionKey("approve-phase-" + phase)
			.orderByHistoricActivityInstanceStartTime()
			.desc()
			.listPage(0, 1)
			.stream()
			.map(HistoricTaskInstance::getStartTime)
			.findFirst();
	}

	/**
	 * A variable of the latest earlier run of {@code processKey} (not {@code current})
	 * that set it.
	 */
	Optional<Object> latestEarlier(String processKey, String current, String name) {
		for (HistoricProcessInstance run : this.history.createHistoricProcessInstanceQuery()
			.processDefinitionKey(processKey)
			.orderByProcessInstanceStartTime()
			.desc()
			.listPage(0, 20)) {
			if (run.getId().equals(current)) {
				continue;
			}
			Optional<Object> value = this.history.createHistoricVariableInstanceQuery()
				.processInstanceId(run.getId())
				.variableName(name)
				.list()
				.stream()
				.map(HistoricVariableInstance::getValue)
				.filter(java.util.Objects::nonNull)
				.findFirst();
			if (value.isPresent()) {
				return value;
			}
		}
		return Optional.empty();
	}

}
