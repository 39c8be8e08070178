package org.homelab.rollout.backup.steps;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.backup.BackupToken;
import org.homelab.rollout.backup.PbsAccessOperations;
import org.homelab.rollout.backup.ProxmoxBackupOperations;

import org.springframework.stereotype.Component;

/**
 * pbs-remove through PBS's API, only what pbs-install's flags say its run created: PVE's
 * and the exporter's tokens, users and ACL entries, the verify and prune jobs, the
 * datastore's configuration (its data only with {@code deleteBackups}). Nothing when the
 * run installed the package: purging it takes all of that with it. Says what it removed
 * in {@code pbsRemoved}.
 */
@Component
class RemovePbsConfigurationDelegate implements JavaDelegate {

	private final PbsSteps steps;

	RemovePbsConfigurationDelegate(PbsSteps steps) {
		this.steps = steps;
	}

	@Override
	public void execute(DelegateExecution execution) {
		List<String> removed = new ArrayList<>();
		boolean deleteBackups = yes(execution, PbsVariables.DELETE_BACKUPS);
		if (yes(execution, PbsVariables.PACKAGE_INSTALLED) && !deleteBackups) {
			// the package goes, its configuration with it; the datastore's data stays
			execution.setVariable(PbsVariables.REMOVED, "configuration: with the package");
			return;
		}
		ProxmoxBackupOperations pbs = this.steps.client(execution);
		PbsAccessOperations access = pbs.access();
		String store = (String) execution.getVariable(PbsVariables.DATASTORE);
		access.undo(new BackupToken(PbsSteps.PVE_USER + "!" + PbsSteps.PVE_TOKEN_NAME, store,
				yes(execution, PbsVariables.PVE_USER_CREATED), yes(execution, PbsVariables.PVE_USER_GRANTED),
				yes(execution, PbsVariables.PVE_TOKEN_CREATED), yes(execution, PbsVariables.PVE_TOKEN_GRANTED)));
		String exporterToken = PbsSteps.EXPORTER_USER + "!" + PbsSteps.EXPORTER_TOKEN_NAME;
		if (yes(execution, PbsVariables.EXPORTER_TOKEN_CREATED)) {
			access.deleteToken(PbsSteps.EXPORTER_USER, PbsSteps.EXPORTER_TOKEN_NAME);
		}
		else if (yes(execution, PbsVariables.EXPORTER_TOKEN_GRANTED)) {
			access.revoke("/", EnsurePbsExporterTokenDelegate.ROLE, exporterToken);
		}
		if (yes(execution, PbsVariables.EXPORTER_USER_CREATED)) {
			access.deleteUser(PbsSteps.EXPORTER_USER);
		}
		else if (yes(execution, PbsVariables.EXPORTER_USER_GRANTED)) {
			access.revoke("/", EnsurePbsExporterTokenDelegate.ROLE, PbsSteps.EXPORTER_USER);
		}
		removed.add("tokens and users this run made");
		if (yes(execution, PbsVariables.VERIFY_JOB_CREATED)
				&& pbs.jobs().deleteVerifyJob((String) execution.getVariable(PbsVariables.VERIFY_JOB_ID))) {
			removed.add("verify job");
		}
		if (yes(execution, PbsVariables.PRUNE_JOB_CREATED)
				&& pbs.jobs().deletePruneJob((String) execution.getVariable(PbsVariables.PRUNE_JOB_ID))) {
			removed.add("prune job");
		}
		if (yes(execution, PbsVariables.DATASTORE_CREATED)
				&& pbs.datastores().delete(store, deleteBackups).isPresent()) {
			removed.add(deleteBackups ? "datastore " + store + " with its backups"
					: "datastore " + store + " (its backups kept on disk)");
		}
		execution.setVariable(PbsVariables.REMOVED, String.join(", ", removed));
	}

	static boolean yes(DelegateExecution execution, String flag) {
		return Boolean.TRUE.equals(execution.getVariable(flag));
	}

}
