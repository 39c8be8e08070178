package org.homelab.rollout.phases;

import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;

import org.springframework.stereotype.Component;

/**
 * The start listener of homelab-rollout: the variables as every phase checks them (the
 * run's name and the Helm releases' patience, handed to each phase), refused with 400
 * before anything is looked at or created. Unlike a phase's start it asks nothing of the
 * earlier phases: the rollout runs or adopts them itself.
 */
@Component("rolloutStartVariables")
public class RolloutStartVariables implements ExecutionListener {

	@Override
	public void notify(DelegateExecution execution) {
		List<String> problems = RunVariables.problems(execution, "The rollout");
		if (!problems.isEmpty()) {
			throw new StartRefusedException(
					"The rollout not started, nothing was created: " + String.join("; ", problems));
		}
		RunVariables.fillDefaults(execution);
	}

}
