package org.homelab.rollout.drift;

import java.util.Collection;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.homelab.rollout.engine.RolloutRun;

import org.springframework.stereotype.Component;

/**
 * What the run that completed a phase found and its checks take again (the runners' ids,
 * Argo CD's address, the restore tests' results, PBS's address): inputs {@code phaseRun}
 * and {@code carried} (the names, as the model lists them for the phase's checks); copied
 * from that run's history into the drift check, with {@code rolloutRun} set to that
 * run's, whose marks the checks look for. A name the run never set stays unset.
 */
@Component
class CarryOverPhaseRunDelegate implements JavaDelegate {

	private final PhaseHistory history;

	CarryOverPhaseRunDelegate(PhaseHistory history) {
		this.history = history;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String run = (String) execution.getVariable(DriftVariables.PHASE_RUN);
		Map<String, Object> variables = this.history.variables(run);
		Object carried = execution.getVariable(DriftVariables.CARRIED);
		if (carried instanceof Collection<?> names) {
			for (Object name : names) {
				Object value = variables.get(name.toString());
				if (value != null) {
					execution.getProcessInstance().setVariable(name.toString(), value);
				}
			}
		}
		execution.getProcessInstance().setVariable(RolloutRun.VARIABLE, rolloutRun(run, variables));
	}

	/** As {@link RolloutRun#of} saw it in that run. */
	private String rolloutRun(String run, Map<String, Object> variables) {
		Object named = variables.get(RolloutRun.VARIABLE);
		if (named != null && !named.toString().isBlank()) {
			return named.toString();
		}
		HistoricProcessInstance instance = this.history.run(run);
		if (instance.getBusinessKey() != null && !instance.getBusinessKey().isBlank()) {
			return instance.getBusinessKey();
		}
		return instance.getRootProcessInstanceId();
	}

}
