package org.homelab.rollout.backup.steps;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import org.springframework.stereotype.Component;

/**
 * From what the bootstrap script printed ({@code scriptOutput}): the certificate's
 * fingerprint ({@code pbsFingerprint}, from {@code proxmox-backup-manager cert info}; not
 * secret) and whether it created the engine's user.
 */
@Component
class ReadPbsBootstrapDelegate implements JavaDelegate {

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
		if (output.lines().anyMatch(line -> line.strip().equals(PbsScripts.USER_CREATED))) {
			execution.setVariable(PbsVariables.ENGINE_USER_CREATED, true);
		}
	}

}
