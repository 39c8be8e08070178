package org.homelab.rollout.ansible.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.criteria.Criterion;

import org.springframework.stereotype.Component;

/**
 * Success criterion "Ansible playbooks functional": {@code ansible-playbook site.yml
 * --check} on the VM against the dynamic inventory exited 0, with hosts in its recap and
 * none failed or unreachable. Sets {@code ansiblePlaybooksFunctionalMet} and
 * {@code …Result}; a failing run is a criterion not met, never an incident.
 */
@Component
class CheckAnsiblePlaybooksDelegate implements JavaDelegate {

	@Override
	public void execute(DelegateExecution execution) {
		PlayRecap recap = PlayRecap.of((String) execution.getVariable(AnsibleVariables.CHECK_OUTPUT));
		String result = "ansible-playbook site.yml --check: " + recap.summary();
		AnsibleVariables.criterion(execution, AnsibleVariables.PLAYBOOKS_FUNCTIONAL,
				recap.clean() ? Criterion.met(result) : Criterion.unmet(result));
	}

}
