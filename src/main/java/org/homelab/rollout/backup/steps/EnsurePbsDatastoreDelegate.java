package org.homelab.rollout.backup.steps;

import java.util.Optional;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.backup.BackupInventory;
import org.homelab.rollout.backup.Datastore;
import org.homelab.rollout.backup.PbsDatastoreOperations;
import org.homelab.rollout.backup.PbsException;

import org.springframework.stereotype.Component;

/**
 * The datastore of the inventory on its disk's mount point (refused while nothing is
 * mounted there), with its GC schedule: created unless it exists (then adopted if it has
 * that path, its schedule set), a datastore of that name elsewhere is a
 * {@code pbs-failed}. A new one's {@code create-datastore} task is left in
 * {@code pbsTask} for the wait after.
 */
@Component
class EnsurePbsDatastoreDelegate implements JavaDelegate {

	private final PbsSteps steps;

	EnsurePbsDatastoreDelegate(PbsSteps steps) {
		this.steps = steps;
	}

	@Override
	public void execute(DelegateExecution execution) {
		BackupInventory backup = this.steps.backup();
		// the datastore goes on its own disk, never on the system disk beneath an
		// unmounted directory
		boolean mounted = this.steps.guest(execution)
			.read("/proc/mounts")
			.map(mounts -> mounts.lines().anyMatch(line -> line.contains(" " + backup.datastorePath() + " ")))
			.orElse(false);
		if (!mounted) {
			throw new IllegalStateException(
					"Nothing is mounted at " + backup.datastorePath() + " on " + execution.getVariable("vmName")
							+ " (/proc/mounts): the datastore's disk " + backup.datastoreDisk()
							+ " should be; run 'mount " + backup.datastorePath() + "' there to see why, then retry.");
		}
		PbsDatastoreOperations stores = this.steps.client(execution).datastores();
		Optional<Datastore> existing = stores.get(backup.datastore());
		execution.setVariable(PbsVariables.TASK, null);
		if (existing.isPresent()) {
			if (!existing.get().path().equals(backup.datastorePath())) {
				throw new BpmnError(PbsVariables.FAILED,
						"Proxmox Backup Server already has a datastore '" + backup.datastore() + "' on "
								+ existing.get().path() + ", not on " + backup.datastorePath()
								+ ": remove it in the PBS GUI or name another datastore in inventory.backup.");
			}
			if (!backup.gcSchedule().equals(existing.get().gcSchedule())) {
				stores.setGcSchedule(backup.datastore(), backup.gcSchedule());
			}
			return;
		}
		// a chunk store there already (its .lock): the backups an earlier run kept when
		// it
		// was rolled back without deleting them, taken on again rather than refused
		boolean reuse = this.steps.guest(execution).read(backup.datastorePath() + "/.lock").isPresent();
		try {
			Optional<String> task = stores.ensure(backup.datastore(), backup.datastorePath(), backup.gcSchedule(),
					"homelab-rollout: VM backups of the homelab (Phase 4)", reuse);
			execution.setVariable(PbsVariables.TASK, task.orElse(null));
			execution.setVariable(PbsVariables.DATASTORE_CREATED, task.isPresent());
		}
		catch (PbsException ex) {
			if (ex.isTransient()) {
				throw ex;
			}
			throw new BpmnError(PbsVariables.FAILED, "Proxmox Backup Server refused the datastore '"
					+ backup.datastore() + "' on " + backup.datastorePath() + ": " + ex.getMessage());
		}
	}

}
