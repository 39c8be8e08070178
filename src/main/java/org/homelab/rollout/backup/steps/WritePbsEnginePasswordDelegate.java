package org.homelab.rollout.backup.steps;

import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

/**
 * The engine's password, read from Vault in this job's memory only, into the root-only
 * hand-over file the bootstrap script reads and removes. Never a variable or a command
 * line of the engine.
 */
@Component
class WritePbsEnginePasswordDelegate implements JavaDelegate {

	private final PbsSteps steps;

	WritePbsEnginePasswordDelegate(PbsSteps steps) {
		this.steps = steps;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String password = this.steps.read(this.steps.enginePassword(), PbsSteps.PASSWORD);
		if (password == null) {
			throw new IllegalStateException("Vault holds no PBS engine password at " + this.steps.enginePassword()
					+ " (key " + PbsSteps.PASSWORD + "): the step before generates it; retry from there.");
		}
		this.steps.guest(execution).write(Map.of(PbsScripts.PASSWORD_HANDOVER, password));
	}

}
