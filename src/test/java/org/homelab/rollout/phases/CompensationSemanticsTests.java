package org.homelab.rollout.phases;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.impl.cfg.StandaloneInMemProcessEngineConfiguration;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What phase-1-foundation relies on in Camunda 7's compensation, shown on small models in
 * an engine of its own: steps in flat parallel branches keep their handlers when another
 * branch fails and an error event subprocess takes over; an embedded subprocess
 * interrupted by an error boundary takes its finished steps' handlers with it; throws
 * with an activityRef run one handler at a time, in the order the model says, and pass a
 * step that never finished.
 */
class CompensationSemanticsTests {

	private final List<String> log = new CopyOnWriteArrayList<>();

	private ProcessEngine engine;

	@BeforeEach
	void engine() {
		StandaloneInMemProcessEngineConfiguration configuration = new StandaloneInMemProcessEngineConfiguration();
		configuration.setJdbcUrl("jdbc:h2:mem:compensation-" + UUID.randomUUID());
		configuration.setDatabaseSchemaUpdate(ProcessEngineConfiguration.DB_SCHEMA_UPDATE_CREATE_DROP);
		configuration.setJobExecutorActivate(false);
		configuration.setEnableExceptionsAfterUnhandledBpmnError(true);
		configuration.setBeans(Map.of("log", this.log, "failing", new Failing()));
		configuration.setProcessEngineName("compensation-" + UUID.randomUUID());
		this.engine = configuration.buildProcessEngine();
	}

	@AfterEach
	void close() {
		this.engine.close();
	}

	@Test
	void flatBranchesKeepTheirHandlersWhenAnotherBranchFails() {
		ProcessInstance run = start(flat("<bpmn:intermediateThrowEvent id='undo'><bpmn:compensateEventDefinition />"
				+ "</bpmn:intermediateThrowEvent>", ""));
		finish(run, "a");
		finish(run, "b1"); // b2 then throws the error
		assertThat(this.log).containsExactly("undo-b1", "undo-a");
		assertEnded(run);
	}

	@Test
	void throwsWithAnActivityRefRunOneHandlerAtATimeAndPassAStepThatNeverFinished() {
		String throwsInOrder = "<bpmn:intermediateThrowEvent id='undo'><bpmn:compensateEventDefinition activityRef='a' />"
				+ "</bpmn:intermediateThrowEvent><bpmn:sequenceFlow id='u1' sourceRef='undo' targetRef='undo2' />"
				+ "<bpmn:intermediateThrowEvent id='undo2'><bpmn:compensateEventDefinition activityRef='c' />"
				+ "</bpmn:intermediateThrowEvent><bpmn:sequenceFlow id='u2' sourceRef='undo2' targetRef='undo3' />"
				+ "<bpmn:intermediateThrowEvent id='undo3'><bpmn:compensateEventDefinition activityRef='b1' />"
				+ "</bpmn:intermediateThrowEvent>";
		ProcessInstance run = start(flat(throwsInOrder.replace("id='undo3'", "id='undo3'"), "undo3"));
		finish(run, "a");
		finish(run, "b1");
		// a finished first, yet the model undoes it first; c never ran, so its throw
		// passes
		assertThat(this.log).containsExactly("undo-a", "undo-b1");
		assertEnded(run);
	}

	@Test
	void anEmbeddedSubprocessInterruptedByAnErrorBoundaryLosesItsFinishedStepsHandlers() {
		ProcessInstance run = start(
				"""
						<bpmn:startEvent id='start' /><bpmn:sequenceFlow id='f0' sourceRef='start' targetRef='branch' />
						<bpmn:subProcess id='branch'>
						  <bpmn:startEvent id='s' /><bpmn:sequenceFlow id='s1' sourceRef='s' targetRef='b1' />
						  %s
						  <bpmn:sequenceFlow id='s2' sourceRef='b1' targetRef='b2' />
						  <bpmn:serviceTask id='b2' camunda:expression='${failing.fail()}' />
						  <bpmn:association id='as' sourceRef='b1-undo' targetRef='b1-handler' />
						</bpmn:subProcess>
						<bpmn:boundaryEvent id='failed' attachedToRef='branch'><bpmn:errorEventDefinition /></bpmn:boundaryEvent>
						<bpmn:sequenceFlow id='f1' sourceRef='failed' targetRef='undo' />
						<bpmn:intermediateThrowEvent id='undo'><bpmn:compensateEventDefinition /></bpmn:intermediateThrowEvent>
						<bpmn:sequenceFlow id='f2' sourceRef='undo' targetRef='end' /><bpmn:endEvent id='end' />
						"""
					.formatted(step("b1")));
		finish(run, "b1");
		assertThat(this.log).isEmpty();
		assertEnded(run);
	}

	@Test
	void aCompletedEmbeddedSubprocessHasItsStepsCompensatedFromOutside() {
		ProcessInstance run = start("""
				<bpmn:startEvent id='start' /><bpmn:sequenceFlow id='f0' sourceRef='start' targetRef='branch' />
				<bpmn:subProcess id='branch'>
				  <bpmn:startEvent id='s' /><bpmn:sequenceFlow id='s1' sourceRef='s' targetRef='b1' />
				  %s
				  <bpmn:sequenceFlow id='s2' sourceRef='b1' targetRef='e' /><bpmn:endEvent id='e' />
				  <bpmn:association id='as' sourceRef='b1-undo' targetRef='b1-handler' />
				</bpmn:subProcess>
				<bpmn:sequenceFlow id='f1' sourceRef='branch' targetRef='undo' />
				<bpmn:intermediateThrowEvent id='undo'><bpmn:compensateEventDefinition /></bpmn:intermediateThrowEvent>
				<bpmn:sequenceFlow id='f2' sourceRef='undo' targetRef='end' /><bpmn:endEvent id='end' />
				""".formatted(step("b1")));
		finish(run, "b1");
		assertThat(this.log).containsExactly("undo-b1");
		assertEnded(run);
	}

	/**
	 * Branch a ∥ (b1 → b2 fails), c never reached; a catch-all error event subprocess
	 * rolls back.
	 */
	private static String flat(String rollback, String lastThrow) {
		String last = lastThrow.isEmpty() ? "undo" : lastThrow;
		return """
				<bpmn:startEvent id='start' /><bpmn:sequenceFlow id='f0' sourceRef='start' targetRef='fork' />
				<bpmn:parallelGateway id='fork' />
				<bpmn:sequenceFlow id='f1' sourceRef='fork' targetRef='a' />
				<bpmn:sequenceFlow id='f2' sourceRef='fork' targetRef='b1' />
				%s %s %s
				<bpmn:sequenceFlow id='f3' sourceRef='b1' targetRef='b2' />
				<bpmn:serviceTask id='b2' camunda:expression='${failing.fail()}' />
				<bpmn:sequenceFlow id='f4' sourceRef='a' targetRef='join' />
				<bpmn:sequenceFlow id='f5' sourceRef='b2' targetRef='join' />
				<bpmn:parallelGateway id='join' /><bpmn:sequenceFlow id='f6' sourceRef='join' targetRef='c' />
				<bpmn:sequenceFlow id='f7' sourceRef='c' targetRef='end' /><bpmn:endEvent id='end' />
				<bpmn:subProcess id='roll-back' triggeredByEvent='true'>
				  <bpmn:startEvent id='failed'><bpmn:errorEventDefinition /></bpmn:startEvent>
				  <bpmn:sequenceFlow id='r0' sourceRef='failed' targetRef='undo' />
				  %s
				  <bpmn:sequenceFlow id='r1' sourceRef='%s' targetRef='rolled-back' /><bpmn:endEvent id='rolled-back' />
				</bpmn:subProcess>
				<bpmn:association id='aa' sourceRef='a-undo' targetRef='a-handler' />
				<bpmn:association id='ab' sourceRef='b1-undo' targetRef='b1-handler' />
				<bpmn:association id='ac' sourceRef='c-undo' targetRef='c-handler' />
				""".formatted(step("a"), step("b1"), step("c"), rollback, last);
	}

	/** A wait state with a compensation handler that logs. */
	private static String step(String id) {
		return """
				<bpmn:receiveTask id='%1$s' />
				<bpmn:boundaryEvent id='%1$s-undo' attachedToRef='%1$s'><bpmn:compensateEventDefinition /></bpmn:boundaryEvent>
				<bpmn:serviceTask id='%1$s-handler' isForCompensation='true' camunda:expression="${log.add('undo-%1$s')}" />
				"""
			.formatted(id);
	}

	private ProcessInstance start(String body) {
		String xml = """
				<?xml version="1.0" encoding="UTF-8"?>
				<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
				    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="d" targetNamespace="http://homelab.org/test">
				  <bpmn:process id="p" isExecutable="true" camunda:historyTimeToLive="P1D">%s</bpmn:process>
				</bpmn:definitions>
				""".formatted(body);
		this.engine.getRepositoryService().createDeployment().addString("p.bpmn", xml).deploy();
		return this.engine.getRuntimeService().startProcessInstanceByKey("p");
	}

	private void finish(ProcessInstance run, String activityId) {
		this.engine.getRuntimeService()
			.createExecutionQuery()
			.processInstanceId(run.getId())
			.activityId(activityId)
			.list()
			.forEach(execution -> this.engine.getRuntimeService().signal(execution.getId()));
	}

	private void assertEnded(ProcessInstance run) {
		assertThat(this.engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(run.getId()).count())
			.isZero();
	}

	/** Throws the BPMN error a step that cannot be retried throws. */
	public static class Failing {

		public void fail() {
			throw new BpmnError("STEP_FAILED", "injected");
		}

	}

}
