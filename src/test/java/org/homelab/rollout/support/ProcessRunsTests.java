package org.homelab.rollout.support;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.runtime.Incident;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What the phase tests rely on in {@link ProcessRuns}, on an engine of its own: a caller
 * whose call activity waits at a user task of the called process. An incident down there
 * fails the caller's wait at once, naming where it happened; a timeout names what still
 * runs.
 */
class ProcessRunsTests {

	private ProcessEngine engine;

	private ProcessRuns runs;

	@BeforeEach
	void engine() {
		StandaloneInMemProcessEngineConfiguration configuration = new StandaloneInMemProcessEngineConfiguration();
		configuration.setJdbcUrl("jdbc:h2:mem:process-runs-" + UUID.randomUUID());
		configuration.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_CREATE_DROP);
		configuration.setHistory(ProcessEngineConfiguration.HISTORY_FULL);
		configuration.setJobExecutorActivate(false);
		configuration.setProcessEngineName("process-runs-" + UUID.randomUUID());
		this.engine = configuration.buildProcessEngine();
		deploy("callee", "check", "<bpmn:userTask id='check' />");
		deploy("caller", "call", "<bpmn:callActivity id='call' calledElement='callee' />");
		this.runs = new ProcessRuns(this.engine).within(Duration.ofSeconds(5));
	}

	@AfterEach
	void close() {
		this.engine.close();
	}

	@Test
	void drivesACallerThroughTheUserTaskOfTheProcessItCalled() {
		String caller = this.runs.start("caller", "run-1", Map.of("rolloutRun", "run-1"));
		String callee = this.runs.last("callee");

		this.runs.complete(this.runs.awaitTask(callee, "check"), Map.of("checked", true));

		this.runs.awaitEnd(caller, "end");
		assertThat(this.runs.variables(callee)).containsEntry("checked", true);
		assertThat(this.runs.variable(caller, "rolloutRun")).isEqualTo("run-1");
		assertThat(this.runs.passed(caller, "call")).isTrue();
		assertThat(this.runs.activities(caller, "end", "call")).extracting(a -> a.getActivityId())
			.containsExactly("call", "end");
		assertThatThrownBy(() -> this.runs.awaitEnd(caller, "rolled-back")).isInstanceOf(AssertionError.class);
	}

	@Test
	void anIncidentInACalledProcessFailsTheCallersWaitAtOnceNamingWhereItHappened() {
		String caller = this.runs.start("caller", Map.of());
		String callee = this.runs.last("callee");
		String execution = this.engine.getRuntimeService()
			.createExecutionQuery()
			.processInstanceId(callee)
			.activityId("check")
			.singleResult()
			.getId();
		this.engine.getRuntimeService().createIncident("test", execution, null, "Proxmox VE answered 500");

		long before = System.nanoTime();
		assertThatThrownBy(() -> this.runs.within(Duration.ofSeconds(30)).awaitEnd(caller))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("incidents of " + caller)
			.hasMessageContaining("callee:")
			.hasMessageContaining("check: Proxmox VE answered 500");
		assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofSeconds(5));

		Incident incident = this.runs.awaitIncident(caller);
		assertThat(incident.getProcessInstanceId()).isEqualTo(callee);
		assertThat(incident.getActivityId()).isEqualTo("check");
		assertThat(incident.getIncidentMessage()).isEqualTo("Proxmox VE answered 500");
	}

	@Test
	void aTimeoutSaysWhatItWaitedForAndWhatStillRuns() {
		String caller = this.runs.start("caller", Map.of());

		assertThatThrownBy(() -> this.runs.within(Duration.ofMillis(200)).awaitEnd(caller))
			.isInstanceOf(AssertionError.class)
			.hasMessageContaining("waited PT0.2S for its end of " + caller)
			.hasMessageContaining("callee/check")
			.hasMessageContaining("caller/call");
	}

	private void deploy(String key, String stepId, String step) {
		String xml = """
				<?xml version="1.0" encoding="UTF-8"?>
				<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
				    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://homelab.org/test">
				  <bpmn:process id="%s" isExecutable="true" camunda:historyTimeToLive="P1D">
				    <bpmn:startEvent id="start" />
				    %s
				    <bpmn:endEvent id="end" />
				    <bpmn:sequenceFlow id="f1" sourceRef="start" targetRef="%3$s" />
				    <bpmn:sequenceFlow id="f2" sourceRef="%3$s" targetRef="end" />
				  </bpmn:process>
				</bpmn:definitions>
				""".formatted(key, step, stepId);
		this.engine.getRepositoryService().createDeployment().addString(key + ".bpmn", xml).deploy();
	}

}
