package org.homelab.rollout.proxmox.steps;

import java.time.Instant;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.criteria.Criterion;

import org.springframework.stereotype.Component;

/**
 * restore-test's last step: {@code restoreTestMet} and {@code restoreTestResult} from
 * what the run found ({@code restoreProblem}), what failed ({@code proxmoxError}, set by
 * the error boundaries) and what the check printed ({@code scriptOutput}).
 */
@Component
class RecordRestoreTestDelegate implements JavaDelegate {

	@Override
	public void execute(DelegateExecution execution) {
		String archive = (String) execution.getVariable(RestoreTestVariables.ARCHIVE);
		String time = (String) execution.getVariable(RestoreTestVariables.BACKUP_TIME);
		Integer original = (Integer) execution.getVariable(RestoreTestVariables.ORIGINAL_VMID);
		RestoreTest.Backup backup = (archive != null)
				? new RestoreTest.Backup((String) execution.getVariable(RestoreTestVariables.VM), original, archive,
						Instant.parse(time), (Integer) execution.getVariable(ProxmoxVariables.VMID))
				: null;
		Criterion criterion = RestoreTest.outcome(backup, (String) execution.getVariable(RestoreTestVariables.PROBLEM),
				(String) execution.getVariable(ProxmoxVariables.ERROR),
				(String) execution.getVariable(RestoreTestVariables.CHECK),
				(String) execution.getVariable(ProxmoxVariables.SCRIPT_OUTPUT));
		execution.setVariable(RestoreTestVariables.MET, criterion.met());
		execution.setVariable(RestoreTestVariables.RESULT, criterion.result());
	}

}
