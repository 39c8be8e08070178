package org.homelab.rollout.engine;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParse;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.persistence.entity.ProcessDefinitionEntity;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;
import org.homelab.rollout.inventory.Inventory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Input is checked against its Camunda Form before the engine moves (see docs/forms.md):
 * task completions in the engine's TaskService and FormService, which REST, Tasklist and
 * Java callers all go through, and starts at the process's start event; a building
 * block's start against the rules of {@link BuildingBlockStartCheck}.
 */
@Configuration(proxyBeanMethods = false)
class FormChecks {

	@Bean
	AbstractProcessEnginePlugin formChecksPlugin(Inventory inventory, ObjectProvider<TaskCompletionRule> rules) {
		return new AbstractProcessEnginePlugin() {
			@Override
			public void preInit(ProcessEngineConfigurationImpl configuration) {
				TaskFormCheck tasks = new TaskFormCheck(configuration, () -> rules.orderedStream().toList());
				configuration.setTaskService(new FormCheckedTaskService(tasks));
				configuration.setFormService(new FormCheckedFormService(tasks));
				List<BpmnParseListener> listeners = new ArrayList<>();
				if (configuration.getCustomPostBPMNParseListeners() != null) {
					listeners.addAll(configuration.getCustomPostBPMNParseListeners());
				}
				listeners.add(new StartForms(new BuildingBlockStartCheck(inventory)));
				configuration.setCustomPostBPMNParseListeners(listeners);
			}
		};
	}

	/**
	 * Adds the {@link StartFormCheck} to a process's start events that have a Camunda
	 * Form, and the {@link BuildingBlockStartCheck} to a building block's.
	 */
	private static final class StartForms extends AbstractBpmnParseListener {

		private final ExecutionListener check = new StartFormCheck();

		private final BuildingBlockStartCheck buildingBlocks;

		StartForms(BuildingBlockStartCheck buildingBlocks) {
			this.buildingBlocks = buildingBlocks;
		}

		@Override
		public void parseStartEvent(Element startEvent, ScopeImpl scope, ActivityImpl activity) {
			if (scope instanceof ProcessDefinitionEntity process
					&& !BuildingBlockStartCheck.isPhaseOrRollout(process.getKey())) {
				activity.addListener(ExecutionListener.EVENTNAME_START, this.buildingBlocks);
			}
			if (scope instanceof ProcessDefinitionEntity
					&& startEvent.attributeNS(BpmnParse.CAMUNDA_BPMN_EXTENSIONS_NS, "formRef") != null) {
				// appended: after the listeners the model declares
				activity.addListener(ExecutionListener.EVENTNAME_START, this.check);
			}
		}

	}

}
