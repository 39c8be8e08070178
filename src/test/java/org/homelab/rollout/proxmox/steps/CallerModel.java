package org.homelab.rollout.proxmox.steps;

/**
 * A phase as the plan's models call provision-vm: the call activity carries a
 * compensation boundary whose handler calls destroy-vm, and a compensation throw undoes
 * it, as a phase's rollback would.
 */
final class CallerModel {

	static final String XML = """
			<?xml version="1.0" encoding="UTF-8"?>
			<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL"
			    xmlns:camunda="http://camunda.org/schema/1.0/bpmn" id="caller" targetNamespace="http://homelab.org/test">
			  <bpmn:process id="provision-then-undo" isExecutable="true" camunda:historyTimeToLive="P1D">
			    <bpmn:startEvent id="started" />
			    <bpmn:sequenceFlow id="f1" sourceRef="started" targetRef="provision" />
			    <bpmn:callActivity id="provision" calledElement="provision-vm">
			      <bpmn:extensionElements>
			        <camunda:in businessKey="#{execution.processBusinessKey}" />
			        <camunda:in source="vmName" target="vmName" />
			        <camunda:out source="vmid" target="vmid" />
			        <camunda:out source="vmCreated" target="vmCreated" />
			        <camunda:out source="rolloutRun" target="rolloutRun" />
			      </bpmn:extensionElements>
			    </bpmn:callActivity>
			    <bpmn:boundaryEvent id="undo-provision" attachedToRef="provision">
			      <bpmn:compensateEventDefinition />
			    </bpmn:boundaryEvent>
			    <bpmn:callActivity id="destroy" calledElement="destroy-vm" isForCompensation="true">
			      <bpmn:extensionElements>
			        <camunda:in businessKey="#{execution.processBusinessKey}" />
			        <camunda:in source="vmName" target="vmName" />
			        <camunda:in source="rolloutRun" target="rolloutRun" />
			      </bpmn:extensionElements>
			    </bpmn:callActivity>
			    <bpmn:sequenceFlow id="f2" sourceRef="provision" targetRef="roll-back" />
			    <bpmn:intermediateThrowEvent id="roll-back">
			      <bpmn:compensateEventDefinition waitForCompletion="true" />
			    </bpmn:intermediateThrowEvent>
			    <bpmn:sequenceFlow id="f3" sourceRef="roll-back" targetRef="ended" />
			    <bpmn:endEvent id="ended" />
			    <bpmn:association id="a1" associationDirection="One" sourceRef="undo-provision" targetRef="destroy" />
			  </bpmn:process>
			</bpmn:definitions>
			""";

	private CallerModel() {
	}

}
