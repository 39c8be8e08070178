package org.homelab.rollout.drift;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

/**
 * Ends the earlier drift checks still waiting at Drift found: this check saw the homelab
 * later, so their reports are out of date (fixed since, or repeated by this one). Each
 * ends at "Report superseded" with {@code driftSupersededBy} naming this check; this
 * check has no report open yet, so it is not among them.
 */
@Component
class SupersedeDriftReportsDelegate implements JavaDelegate {

	static final String MESSAGE = "drift-report-superseded";

	static final String SUPERSEDED_BY = "driftSupersededBy";

	@Override
	public void execute(DelegateExecution execution) {
		boolean waiting = execution.getProcessEngineServices()
			.getRuntimeService()
			.createEventSubscriptionQuery()
			.eventType("message")
			.eventName(MESSAGE)
			.count() > 0;
		if (waiting) {
			execution.getProcessEngineServices()
				.getRuntimeService()
				.createMessageCorrelation(MESSAGE)
				.setVariable(SUPERSEDED_BY, execution.getProcessInstanceId())
				.correlateAll();
		}
	}

}
