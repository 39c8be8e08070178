package org.homelab.rollout.waiting;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.camunda.bpm.engine.impl.bpmn.behavior.ExternalTaskActivityBehavior;
import org.camunda.bpm.engine.impl.bpmn.parser.AbstractBpmnParseListener;
import org.camunda.bpm.engine.impl.bpmn.parser.BpmnParseListener;
import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.pvm.process.ActivityImpl;
import org.camunda.bpm.engine.impl.pvm.process.ScopeImpl;
import org.camunda.bpm.engine.impl.util.xml.Element;

import org.springframework.stereotype.Component;

/**
 * Tells the poller as soon as a transaction that started a wait commits, so a new wait
 * gets its first look within milliseconds instead of at the next poll: a phase's critical
 * path crosses a dozen waits, and a poll interval short enough not to matter there would
 * query the database all day for nothing.
 */
@Component
class NewWaitsPlugin extends AbstractProcessEnginePlugin {

	private final NewWaits newWaits;

	NewWaitsPlugin(NewWaits newWaits) {
		this.newWaits = newWaits;
	}

	@Override
	public void preInit(ProcessEngineConfigurationImpl configuration) {
		List<BpmnParseListener> listeners = (configuration.getCustomPostBPMNParseListeners() != null)
				? new ArrayList<>(configuration.getCustomPostBPMNParseListeners()) : new ArrayList<>();
		listeners.add(new AbstractBpmnParseListener() {
			@Override
			public void parseServiceTask(Element element, ScopeImpl scope, ActivityImpl activity) {
				if (activity.getActivityBehavior() instanceof ExternalTaskActivityBehavior) {
					activity.addBuiltInListener(ExecutionListener.EVENTNAME_START,
							execution -> Context.getCommandContext()
								.getTransactionContext()
								.addTransactionListener(TransactionState.COMMITTED,
										committed -> NewWaitsPlugin.this.newWaits.created()));
				}
			}
		});
		configuration.setCustomPostBPMNParseListeners(listeners);
	}

}
