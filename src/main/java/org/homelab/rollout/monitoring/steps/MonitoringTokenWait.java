package org.homelab.rollout.monitoring.steps;

import java.util.Map;
import java.util.Set;

import org.homelab.rollout.monitoring.MonitoringOperations;
import org.homelab.rollout.waiting.Check;
import org.homelab.rollout.waiting.Look;
import org.homelab.rollout.waiting.WaitCondition;

import org.springframework.stereotype.Component;

/**
 * Topic {@code monitoring-token}: until K3s's token controller has filled the service
 * account's token Secret.
 */
@Component
class MonitoringTokenWait implements WaitCondition {

	private final MonitoringOperations monitoring;

	MonitoringTokenWait(MonitoringOperations monitoring) {
		this.monitoring = monitoring;
	}

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
		return this.monitoring.cluster().credentials().isPresent() ? Check.done(Map.of())
				: Check.waiting("K3s's token controller to fill Secret " + this.monitoring.cluster().secretName()
						+ " with the service account's token");
	}

}
