package org.homelab.rollout.engine;

import java.util.List;
import java.util.Set;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.event.HistoricFormPropertyEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.handler.DbHistoryEventHandler;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Variables that must never reach history (e.g. the Encoded Token a share holder enters
 * in a form, which a listener takes out of the process in the same transaction): their
 * updates and form fields are not written to {@code ACT_HI_VARINST} or
 * {@code ACT_HI_DETAIL}, whatever the history level. Everything else is recorded as
 * before.
 */
@Configuration(proxyBeanMethods = false)
class HistoryWithholding {

	@Bean
	AbstractProcessEnginePlugin historyWithholdingPlugin(
			@Value("${rollout.engine.withheld-from-history:}") List<String> withheld) {
		Set<String> names = Set.copyOf(withheld);
		return new AbstractProcessEnginePlugin() {
			@Override
			public void preInit(ProcessEngineConfigurationImpl configuration) {
				configuration.setHistoryEventHandler(new Withholding(new DbHistoryEventHandler(), names));
			}
		};
	}

	record Withholding(HistoryEventHandler delegate, Set<String> names) implements HistoryEventHandler {

		@Override
		public void handleEvent(HistoryEvent event) {
			if (!withheld(event)) {
				this.delegate.handleEvent(event);
			}
		}

		@Override
		public void handleEvents(List<HistoryEvent> events) {
			events.forEach(this::handleEvent);
		}

		private boolean withheld(HistoryEvent event) {
			if (event instanceof HistoricVariableUpdateEventEntity update) {
				return this.names.contains(update.getVariableName());
			}
			// a submitted form also records each field it was given
			return event instanceof HistoricFormPropertyEventEntity field && this.names.contains(field.getPropertyId());
		}

	}

}
