package org.homelab.rollout.backup.steps;

import org.homelab.rollout.backup.BackupInventory;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * What the PBS models read in expressions: the scripts run-script runs on the
 * proxmox-backup VM ({@code ${pbsModel.installScript(rolloutRun)}}). No script holds a
 * secret.
 */
@Component("pbsModel")
public class PbsModel {

	private final BackupInventory backup;

	private final String exporterSha256;

	PbsModel(BackupInventory backup, @Value("${rollout.backup.exporter-sha256:}") String exporterSha256) {
		this.backup = backup;
		this.exporterSha256 = exporterSha256;
	}

	public String diskScript() {
		return PbsScripts.prepareDisk(this.backup.datastoreDisk(), this.backup.datastorePath());
	}

	public String installScript(String run) {
		return PbsScripts.install(run);
	}

	public String bootstrapScript(String run) {
		return PbsScripts.bootstrap(run);
	}

	public String exporterScript() {
		return PbsScripts.exporter(this.exporterSha256.strip());
	}

	/** pbs-remove's script on the VM, from what pbs-install said it made. */
	public String removeScript(Object engineUserCreated, Object exporterInstalled, Object packageInstalled,
			Object diskAdded, Object deleteBackups) {
		return PbsScripts.remove(yes(engineUserCreated), yes(exporterInstalled), yes(packageInstalled),
				yes(diskAdded) && yes(deleteBackups), this.backup.datastorePath());
	}

	private static boolean yes(Object flag) {
		return Boolean.TRUE.equals(flag);
	}

}
