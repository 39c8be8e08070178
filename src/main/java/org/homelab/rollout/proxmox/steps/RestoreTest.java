package org.homelab.rollout.proxmox.steps;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import org.homelab.rollout.criteria.Criterion;
import org.homelab.rollout.proxmox.BackupVolume;

/**
 * What restore-test decides, apart from its steps: the scratch VM's name, the backup it
 * restores and how the outcome reads in the criterion.
 */
final class RestoreTest {

	/** The scratch VM is named after the original, so a person sees what it is. */
	static final String SCRATCH_PREFIX = "restore-test-";

	/** How much of the check's output the result quotes. */
	static final int SUMMARY = 200;

	private RestoreTest() {
	}

	static String scratchName(String vmName) {
		return SCRATCH_PREFIX + vmName;
	}

	/** The newest backup (by its time, not the listing's order). */
	static Optional<BackupVolume> newest(List<BackupVolume> backups) {
		return backups.stream().max(Comparator.comparing(BackupVolume::ctime));
	}

	static String noVm(String vmName, List<String> nodes) {
		return "No VM named '" + vmName + "' on Proxmox nodes " + nodes + ", so no backup of it to restore";
	}

	static String noBackup(String vmName, int vmid, String storage) {
		return "No backup of VM '" + vmName + "' (VMID " + vmid + ") on storage " + storage
				+ ": nothing to restore. Check the backup job's last run (its task log names the failure)";
	}

	static String unreadable(String vmName, String storage, String proxmoxSaid) {
		return "The backups of VM '" + vmName + "' on storage " + storage + " could not be listed: " + proxmoxSaid;
	}

	/**
	 * The criterion: not met when nothing was found ({@code problem}) or a step failed
	 * ({@code error}); else met, naming what was restored and what the check said.
	 */
	static Criterion outcome(Backup backup, String problem, String error, String check, String checkOutput) {
		if (problem != null) {
			return Criterion.unmet(problem);
		}
		String what = "VM '" + backup.vmName() + "' (VMID " + backup.vmid() + "), backup of " + backup.time() + " ("
				+ backup.archive() + ") restored to scratch VMID " + backup.scratchVmid();
		if (error != null) {
			return Criterion.unmet("Restore test failed: " + what + ": " + error.strip()
					+ " The scratch VM was destroyed; VM '" + backup.vmName() + "' was not touched.");
		}
		return Criterion.met(what + " with its NIC unplugged; its guest agent answered; check '" + check + "' passed"
				+ summary(checkOutput) + "; scratch VM destroyed");
	}

	private static String summary(String output) {
		if (output == null || output.isBlank()) {
			return "";
		}
		String text = output.strip().replaceAll("\\s*\\n\\s*", " | ");
		return ": " + ((text.length() <= SUMMARY) ? text : text.substring(0, SUMMARY) + "…");
	}

	/** The backup restored, and where to. */
	record Backup(String vmName, int vmid, String archive, Instant time, Integer scratchVmid) {
	}

}
