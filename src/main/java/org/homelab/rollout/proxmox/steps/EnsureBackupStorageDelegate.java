package org.homelab.rollout.proxmox.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.homelab.rollout.proxmox.BackupServerCredentials;
import org.homelab.rollout.proxmox.PbsStorage;
import org.homelab.rollout.proxmox.StorageEntry;

import org.springframework.stereotype.Component;

/**
 * Ensures Proxmox VE's storage entry for the Proxmox Backup Server
 * ({@code inventory.backup.storage}): type pbs, {@code pbsAddress}, the inventory's
 * datastore, {@code pbsFingerprint} pinned, content backup, logging in with the API token
 * at {@code pbsTokenPath} in Vault (its id as username; its secret read here and sent in
 * the create call only, never kept). An entry that matches is adopted; one that differs
 * is refused naming the difference (it may be someone's, and the rollout never changes
 * what it did not make). Sets {@code backupStorageCreated}; a retry keeps a true from
 * before.
 */
@Component
class EnsureBackupStorageDelegate implements JavaDelegate {

	private static final Log logger = LogFactory.getLog(EnsureBackupStorageDelegate.class);

	private final BackupSetupSteps steps;

	EnsureBackupStorageDelegate(BackupSetupSteps steps) {
		this.steps = steps;
	}

	@Override
	public void execute(DelegateExecution execution) {
		String storage = this.steps.backup().storage();
		String address = (String) execution.getVariable(BackupSetupVariables.PBS_ADDRESS);
		String fingerprint = (String) execution.getVariable(BackupSetupVariables.PBS_FINGERPRINT);
		String datastore = this.steps.backup().datastore();
		boolean createdBefore = Boolean.TRUE.equals(execution.getVariable(BackupSetupVariables.STORAGE_CREATED));
		BackupServerCredentials credentials = this.steps.credentials(execution);
		try {
			Optional<StorageEntry> existing = ProxmoxFailures.call(() -> this.steps.proxmox().storage().find(storage));
			if (existing.isPresent()) {
				List<String> differences = differences(existing.get(), address, datastore, fingerprint,
						credentials.tokenId());
				if (!differences.isEmpty()) {
					throw BackupSetupSteps.failed("Proxmox VE already has a storage '" + storage
							+ "' that differs from the Proxmox Backup Server storage backup-setup wants: "
							+ String.join("; ", differences) + ". The rollout does not change a storage entry it did "
							+ "not make: correct or remove it (Datacenter > Storage, or pvesm set/remove " + storage
							+ "), or name another id in inventory.backup.storage, then run backup-setup again.");
				}
				logger.info("Storage '" + storage + "' (pbs " + address + ", datastore " + datastore
						+ ") exists as wanted: adopted");
				execution.setVariable(BackupSetupVariables.STORAGE_CREATED, createdBefore);
				return;
			}
			PbsStorage entry = PbsStorage.of(storage, address, datastore, fingerprint, credentials);
			ProxmoxFailures.run(() -> this.steps.proxmox().storage().createPbs(entry));
			execution.setVariable(BackupSetupVariables.STORAGE_CREATED, true);
		}
		finally {
			credentials.wipe();
		}
	}

	/** What of the entry is not as wanted, in words; empty when it matches. */
	static List<String> differences(StorageEntry entry, String address, String datastore, String fingerprint,
			String tokenId) {
		List<String> differences = new ArrayList<>();
		differ(differences, "type", entry.type(), "pbs");
		differ(differences, "server", entry.server(), address);
		differ(differences, "port", String.valueOf(entry.port()), "8007");
		differ(differences, "datastore", entry.datastore(), datastore);
		if (entry.fingerprint() == null || !entry.fingerprint().equalsIgnoreCase(fingerprint)) {
			differences.add("fingerprint " + entry.fingerprint() + " (wanted " + fingerprint + ")");
		}
		differ(differences, "username", entry.username(), tokenId);
		if (!entry.content().contains("backup")) {
			differences.add("content " + entry.content() + " (wanted backup)");
		}
		if (entry.disabled()) {
			differences.add("it is disabled (wanted enabled)");
		}
		return differences;
	}

	private static void differ(List<String> differences, String what, String actual, String wanted) {
		if (!Objects.equals(actual, wanted)) {
			differences.add(what + " " + actual + " (wanted " + wanted + ")");
		}
	}

}
