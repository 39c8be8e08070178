package org.homelab.rollout.monitoring.steps;

import java.util.Map;
import java.util.Set;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.homelab.rollout.engine.RolloutRun;
import org.homelab.rollout.monitoring.MonitoringClients;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Prometheus's access to K3s: created (adopted if there), its token awaited, removed on rollback if this run's. */
@Configuration(proxyBeanMethods = false)
class MonitoringAccessDelegates {

	@Bean
	JavaDelegate createMonitoringAccessDelegate(MonitoringClients clients) {
		return new CreateMonitoringAccessDelegate(clients);
	}

	@Bean
	JavaDelegate removeMonitoringAccessDelegate(MonitoringClients clients) {
		return new RemoveMonitoringAccessDelegate(clients);
	}

	@Bean
	WaitCondition monitoringTokenCondition(MonitoringClients clients) {
		return new WaitCondition() {

			@Override
			public String topic() {
				return "monitoring-token";
			}

			@Override
			public Set<String> variables() {
				return Set.of();
			}

			@Override
			public Check check(Look look) {
				Map<String, Object> variables = look.variables();
				return clients.cluster().credentials().isPresent() ? Check.done(Map.of())
						: Check.waiting("K3s's token controller to fill Secret " + clients.cluster().secretName()
								+ " with the service account's token");
			}

		};
	}

	static final class CreateMonitoringAccessDelegate implements JavaDelegate {

		private final MonitoringClients clients;

		CreateMonitoringAccessDelegate(MonitoringClients clients) {
			this.clients = clients;
		}

		@Override
		public void execute(DelegateExecution execution) {
			String run = RolloutRun.of(execution);
			execution.setVariable(MonitoringVariables.ROLLOUT_RUN, run);
			execution.setVariable(MonitoringVariables.ACCESS_CREATED, this.clients.cluster().ensure(run));
		}

	}

	static final class RemoveMonitoringAccessDelegate implements JavaDelegate {

		private final MonitoringClients clients;

		RemoveMonitoringAccessDelegate(MonitoringClients clients) {
			this.clients = clients;
		}

		@Override
		public void execute(DelegateExecution execution) {
			if (Boolean.TRUE.equals(execution.getVariable(MonitoringVariables.ACCESS_CREATED))) {
				this.clients.cluster().remove(RolloutRun.of(execution));
			}
		}

	}

}
