package org.homelab.rollout.vault.steps;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.homelab.rollout.vault.VaultLabFixture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Starts the Vault models against a lab and waits for their user tasks and ends, failing
 * fast on incidents.
 */
final class ProcessDriver {

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private final RuntimeService runtime;

	private final TaskService tasks;

	private final HistoryService history;

	private final ManagementService management;

	ProcessDriver(RuntimeService runtime, TaskService tasks, HistoryService history, ManagementService management) {
		this.runtime = runtime;
		this.tasks = tasks;
		this.history = history;
		this.management = management;
	}

	ProcessInstance setup(VaultLabFixture vault) {
		return start("vault-setup", vault, Map.of());
	}

	ProcessInstance start(String key, VaultLabFixture vault, Map<String, Object> more) {
		Map<String, Object> variables = new HashMap<>(more);
		variables.put(VaultVariables.ADDRESS, vault.target().address().toString());
		variables.put(VaultVariables.CA_FILE, vault.caFile().toString());
		return this.runtime.startProcessInstanceByKey(key, variables);
	}

	Task awaitTask(ProcessInstance instance, String taskKey) {
		await().atMost(TIMEOUT).until(() -> {
			failOnIncident(instance);
			return this.tasks.createTaskQuery()
				.processInstanceId(instance.getId())
				.taskDefinitionKey(taskKey)
				.count() == 1;
		});
		return this.tasks.createTaskQuery()
			.processInstanceId(instance.getId())
			.taskDefinitionKey(taskKey)
			.singleResult();
	}

	void complete(Task task, Map<String, Object> variables) {
		this.tasks.complete(task.getId(), variables);
	}

	void awaitEnd(ProcessInstance instance, String endEvent) {
		await().atMost(TIMEOUT).until(() -> {
			failOnIncident(instance);
			return this.history.createHistoricActivityInstanceQuery()
				.processInstanceId(instance.getId())
				.activityId(endEvent)
				.finished()
				.count() == 1;
		});
	}

	Object variable(ProcessInstance instance, String name) {
		var variable = this.history.createHistoricVariableInstanceQuery()
			.processInstanceId(instance.getId())
			.variableName(name)
			.singleResult();
		return (variable != null) ? variable.getValue() : null;
	}

	boolean passed(ProcessInstance instance, String activity) {
		return this.history.createHistoricActivityInstanceQuery()
			.processInstanceId(instance.getId())
			.activityId(activity)
			.count() > 0;
	}

	private void failOnIncident(ProcessInstance instance) {
		List<Incident> incidents = this.runtime.createIncidentQuery().processInstanceId(instance.getId()).list();
		assertThat(incidents).as("incidents").extracting(Incident::getIncidentMessage).isEmpty();
		// a failed job still retrying: show its message rather than waiting out the
		// back-off
		this.management.createJobQuery()
			.processInstanceId(instance.getId())
			.withException()
			.list()
			.forEach(job -> assertThat(job.getExceptionMessage()).as("job exception").isNull());
	}

}
