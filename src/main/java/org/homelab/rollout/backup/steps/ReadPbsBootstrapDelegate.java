package org.homelab.rollout.backup.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.engine.RolloutRun;

import org.springframework.stereotype.Component;

/**
 * From what the bootstrap script printed ({@code scriptOutput}): the certificate's
 * fingerprint ({@code pbsFingerprint}, from {@code proxmox-backup-manager cert info}; not
 * secret); and from the VM whether this run created the engine's user (the mark the
 * script left names the run, so a retried bootstrap that found the user still counts it).
 */
@Component
class ReadPbsBootstrapDelegate implements JavaDelegate {

	private final PbsSteps steps;

	ReadPbsBootstrapDelegate(PbsSteps steps) {
		this.steps = steps;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String output = (String) execution.getVariable("scriptOutput");
		String fingerprint = PbsScripts.fingerprint(output);
		if (fingerprint == null) {
			throw new IllegalStateException("proxmox-backup-manager cert info printed no 'Fingerprint (sha256)' line "
					+ "on " + execution.getVariable("vmName") + ": run it there to see why (is /etc/proxmox-backup/"
					+ "proxy.pem there?), then retry the bootstrap.");
		}
		execution.setVariable(PbsVariables.FINGERPRINT, fingerprint);
		String run = RolloutRun.of(execution);
		boolean ours = this.steps.guest(execution)
			.read(PbsScripts.ENGINE_USER_MARK)
			.map(String::strip)
			.filter(run::equals)
			.isPresent();
		execution.setVariable(PbsVariables.ENGINE_USER_CREATED, ours);
	}

}
