package org.homelab.rollout.ansible.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.criteria.Criterion;

import org.springframework.stereotype.Component;

/**
 * Success criterion "Infrastructure automation working": a real run of site.yml exited 0
 * and the second run right after it reports {@code changed=0} on every host of its PLAY
 * RECAP (idempotent). Sets {@code ansibleAutomationWorkingMet} and {@code …Result}.
 */
@Component
class CheckAnsibleAutomationDelegate implements JavaDelegate {

	@Override
	public void execute(DelegateExecution execution) {
		PlayRecap first = PlayRecap.of((String) execution.getVariable(AnsibleVariables.FIRST_OUTPUT));
		PlayRecap second = PlayRecap.of((String) execution.getVariable(AnsibleVariables.SECOND_OUTPUT));
		boolean met = first.clean() && second.clean() && second.total("changed") == 0;
		String result = "first run: " + first.summary() + "; second run: " + second.summary()
				+ (met ? "; idempotent" : (second.total("changed") > 0 ? "; the second run still changed hosts" : ""));
		AnsibleVariables.criterion(execution, AnsibleVariables.AUTOMATION_WORKING,
				met ? Criterion.met(result) : Criterion.unmet(result));
	}

}
