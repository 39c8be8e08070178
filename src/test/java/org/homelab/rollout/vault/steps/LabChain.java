package org.homelab.rollout.vault.steps;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.Incident;
import org.camunda.bpm.engine.task.Task;
import org.homelab.rollout.eso.steps.EsoVariables;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Phase 1.2's chain as the phase model calls it, against the embedded lab: provision-vm →
 * vault-install → vault-setup → install-helm-release (ESO) → eso-connect, each started as
 * its own instance with the previous one's outputs, failing fast on any incident.
 */
final class LabChain {

	private static final Duration TIMEOUT = Duration.ofSeconds(90);

	private final RuntimeService runtime;

	private final TaskService tasks;

	private final HistoryService history;

	private final ManagementService management;

	LabChain(RuntimeService runtime, TaskService tasks, HistoryService history, ManagementService management) {
		this.runtime = runtime;
		this.tasks = tasks;
		this.history = history;
		this.management = management;
	}

	/** provision-vm + vault-install: vault-install's outputs. */
	Map<String, Object> installVault(String run) {
		run("provision-vm", run, Map.of("vmName", "vault"));
		return run("vault-install", run, Map.of("vmName", "vault", "rolloutRun", run));
	}

	/**
	 * vault-setup with vault-install's address and CA; the operator moves the shares
	 * offline when asked.
	 */
	Map<String, Object> setUpVault(String run, Map<String, Object> installed) throws Exception {
		String id = start("vault-setup", run, vault(installed));
		await().atMost(TIMEOUT).until(() -> {
			failOnIncident(id);
			return ended(id) || this.tasks.createTaskQuery().processInstanceId(id).count() == 1;
		});
		Task move = this.tasks.createTaskQuery()
			.processInstanceId(id)
			.taskDefinitionKey("move-shares-offline")
			.singleResult();
		if (move != null) {
			Files.delete(Path.of((String) variables(id).get(VaultVariables.SHARES_FILE)));
			this.tasks.complete(move.getId(), Map.of("vaultSharesMovedOffline", true));
		}
		return awaitEnded(id);
	}

	Map<String, Object> installEsoRelease(String run) {
		return run("install-helm-release", run,
				Map.of("releaseName", "external-secrets", "chart", "external-secrets", "chartRepo",
						"https://charts.external-secrets.io", "releaseNamespace", "external-secrets", "valuesRef",
						"external-secrets.yaml", "placement", ""));
	}

	Map<String, Object> connectEso(String run, Map<String, Object> installed) {
		Map<String, Object> in = vault(installed);
		in.put("rolloutRun", run);
		return run("eso-connect", run, in);
	}

	Map<String, Object> disconnectEso(String run, Map<String, Object> installed, Object storeCreated) {
		Map<String, Object> in = vault(installed);
		in.put("rolloutRun", run);
		in.put(EsoVariables.STORE_CREATED, storeCreated);
		return run("eso-disconnect", run, in);
	}

	Map<String, Object> run(String key, String businessKey, Map<String, Object> variables) {
		return awaitEnded(start(key, businessKey, variables));
	}

	String start(String key, String businessKey, Map<String, Object> variables) {
		return this.runtime.startProcessInstanceByKey(key, businessKey, variables).getId();
	}

	/** Every process instance of the business key, call activities' included. */
	List<String> instances(String businessKey) {
		return this.history.createHistoricProcessInstanceQuery()
			.processInstanceBusinessKey(businessKey)
			.list()
			.stream()
			.map(p -> p.getId())
			.toList();
	}

	boolean passed(String instance, String activity) {
		return this.history.createHistoricActivityInstanceQuery()
			.processInstanceId(instance)
			.activityId(activity)
			.count() > 0;
	}

	String last(String key) {
		return this.history.createHistoricProcessInstanceQuery()
			.processDefinitionKey(key)
			.orderByProcessInstanceStartTime()
			.desc()
			.list()
			.get(0)
			.getId();
	}

	private Map<String, Object> awaitEnded(String id) {
		await().atMost(TIMEOUT).until(() -> {
			failOnIncident(id);
			return ended(id);
		});
		return variables(id);
	}

	private boolean ended(String id) {
		return this.history.createHistoricProcessInstanceQuery().processInstanceId(id).finished().count() == 1;
	}

	Map<String, Object> variables(String id) {
		Map<String, Object> variables = new HashMap<>();
		for (HistoricVariableInstance v : this.history.createHistoricVariableInstanceQuery()
			.processInstanceId(id)
			.list()) {
			variables.put(v.getName(), v.getValue());
		}
		return variables;
	}

	private static Map<String, Object> vault(Map<String, Object> installed) {
		Map<String, Object> in = new HashMap<>();
		in.put(VaultVariables.ADDRESS, installed.get(VaultVariables.ADDRESS));
		in.put(VaultVariables.CA_FILE, installed.get(VaultVariables.CA_FILE));
		return in;
	}

	private void failOnIncident(String id) {
		List<Incident> incidents = this.runtime.createIncidentQuery().processInstanceId(id).list();
		List<String> called = this.runtime.createProcessInstanceQuery()
			.superProcessInstanceId(id)
			.list()
			.stream()
			.map(p -> p.getId())
			.toList();
		List<Incident> inCalled = called.isEmpty() ? List.of()
				: called.stream()
					.flatMap(c -> this.runtime.createIncidentQuery().processInstanceId(c).list().stream())
					.toList();
		assertThat(incidents).as("incidents").extracting(Incident::getIncidentMessage).isEmpty();
		assertThat(inCalled).as("incidents of called processes").extracting(Incident::getIncidentMessage).isEmpty();
		this.management.createJobQuery()
			.processInstanceId(id)
			.withException()
			.list()
			.forEach(job -> assertThat(job.getExceptionMessage()).as("job exception").isNull());
	}

}
