package org.homelab.rollout.phases;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

/**
 * Before the operator chooses how far back homelab-rollout goes: the stopped phase (the
 * input parameter {@code phase}) and, for the form, every choice with the rollback order
 * it would follow or why it is refused.
 */
@Component
class OfferRollbackDelegate implements JavaDelegate {

	private final RollbackChoices choices;

	OfferRollbackDelegate(RollbackChoices choices) {
		this.choices = choices;
	}

	@Override
	public void execute(DelegateExecution execution) {
		int phase = ((Number) execution.getVariable("phase")).intValue();
		execution.setVariable(RollbackChoices.STOPPED, phase);
		execution.setVariable("stoppedCause",
				"Phase " + phase + " rolled back (" + execution.getVariable("phase" + phase + "RollbackCause") + "): "
						+ execution.getVariable("phase" + phase + "RollbackMessage"));
		execution.setVariable("rollbackOptions",
				this.choices.describe(this.choices.choices(execution::getVariable, phase)));
		// the operator's earlier answer (a retried phase) is no answer to this question
		execution.setVariable(RollbackChoices.CHOICE, null);
	}

}
