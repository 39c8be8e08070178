package org.homelab.rollout.phases;

import java.io.File;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.camunda.bpm.model.bpmn.Bpmn;
import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.Activity;
import org.camunda.bpm.model.bpmn.instance.Association;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.CallActivity;
import org.camunda.bpm.model.bpmn.instance.CompensateEventDefinition;
import org.camunda.bpm.model.bpmn.instance.IntermediateThrowEvent;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.SubProcess;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaIn;
import org.camunda.bpm.model.bpmn.instance.camunda.CamundaOut;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * rollback-phase-1..3 are each phase's "Roll back Phase N" as a process of its own (for a
 * rollout going back over an approved phase, whose compensation handlers ended with it):
 * they must stay the same undo blocks, with the same inputs, in the same order as the
 * phase's, and homelab-rollout must hand each the phase's results it reads. A phase model
 * whose rollback changes fails here until its rollback-phase-N is generated again
 * (docs/rollout.md).
 */
class RolloutModelTests {

	static final Map<Integer, String> PHASES = Map.of(1, "phase-1-foundation", 2, "phase-2-cicd", 3, "phase-3-gitops");

	static final BpmnModelInstance ROLLOUT = read("homelab-rollout");

	@Test
	void eachRollbackProcessIsItsPhasesRollbackStepForStep() {
		PHASES.forEach((phase, key) -> {
			BpmnModelInstance model = read(key);
			BpmnModelInstance rollback = read("rollback-phase-" + phase);
			SubProcess roll = model.getModelElementsByType(SubProcess.class)
				.stream()
				.filter(SubProcess::triggeredByEvent)
				.findFirst()
				.orElseThrow();
			List<IntermediateThrowEvent> throwsOf = roll.getChildElementsByType(IntermediateThrowEvent.class)
				.stream()
				.toList();
			assertThat(throwsOf).as("Phase %d's rollback", phase).isNotEmpty();
			for (IntermediateThrowEvent undo : throwsOf) {
				CallActivity handler = handler(model, undo);
				ModelElementInstance twin = rollback.getModelElementById(undo.getId());
				assertThat(twin).as("%s in rollback-phase-%d", undo.getId(), phase).isInstanceOf(CallActivity.class);
				CallActivity call = (CallActivity) twin;
				assertThat(call.getCalledElement()).as(undo.getId()).isEqualTo(handler.getCalledElement());
				assertThat(ins(call)).as(undo.getId()).isEqualTo(ins(handler));
			}
			assertThat(flows(rollback.getModelElementsByType(SequenceFlow.class)))
				.as("rollback-phase-%d's order against Phase %d's", phase, phase)
				.isEqualTo(flows(roll.getChildElementsByType(SequenceFlow.class)));
		});
	}

	@Test
	void theRolloutHandsEachRollbackWhatItReads() {
		PHASES.forEach((phase, key) -> {
			BpmnModelInstance rollback = read("rollback-phase-" + phase);
			TreeSet<String> read = new TreeSet<>();
			rollback.getModelElementsByType(CamundaIn.class)
				.stream()
				.map(CamundaIn::getCamundaSource)
				.filter(source -> source != null)
				.forEach(read::add);
			CallActivity run = (CallActivity) ROLLOUT.getModelElementById("run-phase-" + phase);
			CallActivity undo = (CallActivity) ROLLOUT.getModelElementById("roll-back-phase-" + phase);
			assertThat(undo.getCalledElement()).isEqualTo("rollback-phase-" + phase);
			assertThat(run.getCalledElement()).isEqualTo(key);
			read.remove("rolloutRun");
			assertThat(outs(run)).as("what run-phase-%d hands out", phase).containsAll(read);
			assertThat(ins(undo)).as("what roll-back-phase-%d hands in", phase)
				.containsAll(read.stream().map(name -> name + " -> " + name).toList());
			BoundaryEvent compensation = (BoundaryEvent) ROLLOUT
				.getModelElementById("run-phase-" + phase + "-compensation");
			assertThat(compensation.getAttachedTo().getId()).isEqualTo(run.getId());
		});
	}

	/**
	 * Modeler's template for a call of rollback-phase-N binds what the rollout's own call
	 * hands in: a template missing an input would leave that step of the rollback blind.
	 */
	@Test
	void eachRollbackTemplateHandsInWhatTheRolloutDoes() throws Exception {
		ObjectMapper json = new ObjectMapper();
		PHASES.forEach((phase, key) -> {
			JsonNode template;
			try {
				template = json
					.readTree(
							new File("processes/.camunda/element-templates/rollout-rollback-phase-" + phase + ".json"))
					.get(0);
			}
			catch (java.io.IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
			List<String> bound = new ArrayList<>();
			String called = null;
			for (JsonNode property : template.get("properties")) {
				JsonNode binding = property.get("binding");
				switch (binding.get("type").asText()) {
					case "property" -> called = property.get("value").asText();
					case "camunda:in:businessKey" ->
						bound.add("businessKey " + property.get("value").asText() + " -> null");
					case "camunda:in" ->
						bound.add(property.get("value").asText() + " -> " + binding.get("target").asText());
					default -> bound.add(binding.toString());
				}
			}
			CallActivity undo = (CallActivity) ROLLOUT.getModelElementById("roll-back-phase-" + phase);
			assertThat(called).isEqualTo(undo.getCalledElement());
			assertThat(bound.stream().sorted().toList()).as("rollback-phase-%d's template", phase).isEqualTo(ins(undo));
		});
	}

	private static CallActivity handler(BpmnModelInstance model, IntermediateThrowEvent undo) {
		Activity activity = undo.getChildElementsByType(CompensateEventDefinition.class)
			.iterator()
			.next()
			.getActivity();
		BoundaryEvent boundary = model.getModelElementsByType(BoundaryEvent.class)
			.stream()
			.filter(event -> event.getAttachedTo() == activity)
			.filter(event -> !event.getChildElementsByType(CompensateEventDefinition.class).isEmpty())
			.findFirst()
			.orElseThrow();
		return (CallActivity) model.getModelElementsByType(Association.class)
			.stream()
			.filter(association -> association.getSource() == boundary)
			.findFirst()
			.orElseThrow()
			.getTarget();
	}

	private static List<String> ins(CallActivity call) {
		List<String> ins = new ArrayList<>();
		call.getExtensionElements().getElementsQuery().filterByType(CamundaIn.class).list().forEach(in -> {
			String from = (in.getCamundaBusinessKey() != null) ? "businessKey " + in.getCamundaBusinessKey()
					: (in.getCamundaSource() != null) ? in.getCamundaSource() : in.getCamundaSourceExpression();
			ins.add(from + " -> " + in.getCamundaTarget());
		});
		return ins.stream().sorted().toList();
	}

	private static List<String> outs(CallActivity call) {
		return call.getExtensionElements()
			.getElementsQuery()
			.filterByType(CamundaOut.class)
			.list()
			.stream()
			.map(CamundaOut::getCamundaSource)
			.toList();
	}

	private static List<String> flows(Collection<SequenceFlow> flows) {
		return flows.stream()
			.map(flow -> flow.getSource().getId() + " -> " + flow.getTarget().getId()
					+ ((flow.getConditionExpression() != null)
							? " [" + flow.getConditionExpression().getTextContent() + "]" : ""))
			.sorted()
			.toList();
	}

	private static BpmnModelInstance read(String key) {
		return Bpmn.readModelFromFile(new File("processes/" + key + ".bpmn"));
	}

}
