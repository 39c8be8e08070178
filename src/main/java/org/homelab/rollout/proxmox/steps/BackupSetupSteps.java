package org.homelab.rollout.proxmox.steps;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.homelab.rollout.backup.BackupInventory;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.inventory.PlannedVm;
import org.homelab.rollout.proxmox.BackupJob;
import org.homelab.rollout.proxmox.BackupServerCredentials;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.proxmox.VmSummary;
import org.homelab.rollout.vault.EngineSecrets;
import org.homelab.rollout.vault.GeneratedSecrets;
import org.homelab.rollout.vault.SecretReference;
import org.homelab.rollout.vault.VaultTargets;

import org.springframework.stereotype.Component;

/**
 * What backup-setup's and backup-remove's steps share: the pbs storage and job of the
 * inventory, PVE's token for PBS read from Vault (only in the job that sends it to PVE),
 * and which VMs the job covers.
 * <p>
 * Covered: every planned VM ({@code inventory.vms}) that exists on the inventory's nodes,
 * except {@value #PBS_VM}: a backup of the backup server into itself is no backup (lost
 * with the server it would restore it), and it would back up its own datastore disk. The
 * existing services' VMs ({@code inventory.backup.existing-vms}) are covered too, and
 * each must exist: one the inventory names but Proxmox lacks is refused, never skipped.
 */
@Component
class BackupSetupSteps {

	/** The key of the token id ({@code user@realm!name}) in the Vault secret. */
	static final String TOKEN_ID_KEY = "token-id";

	/** The key of the token's secret in the Vault secret. */
	static final String SECRET_KEY = "secret";

	/** The one backup job the rollout keeps on /cluster/backup. */
	static final String JOB_ID = BackupJob.ROLLOUT_JOB;

	/** The planned VM Proxmox Backup Server runs on. */
	static final String PBS_VM = "proxmox-backup";

	/** The notes every backup gets: the guest's name, so a person finds it. */
	static final String NOTES = "{{guestname}}";

	private static final Pattern TOKEN_PATH = Pattern
		.compile("(?:[A-Za-z0-9_-]+/)?services/([a-z0-9][a-z0-9._-]*)/([a-z0-9][a-z0-9._-]*)");

	private static final Pattern FAILED_GUEST = Pattern.compile("Backup of VM (\\d+) failed - (.*)");

	private final ProxmoxOperations proxmox;

	private final Inventory inventory;

	private final BackupInventory backup;

	private final EngineSecrets secrets;

	private final GeneratedSecrets names;

	private final VaultTargets vaults;

	BackupSetupSteps(ProxmoxOperations proxmox, Inventory inventory, BackupInventory backup, EngineSecrets secrets,
			GeneratedSecrets names, VaultTargets vaults) {
		this.proxmox = proxmox;
		this.inventory = inventory;
		this.backup = backup;
		this.secrets = secrets;
		this.names = names;
		this.vaults = vaults;
	}

	ProxmoxOperations proxmox() {
		return this.proxmox;
	}

	BackupInventory backup() {
		return this.backup;
	}

	List<String> nodes() {
		return this.inventory.proxmox().nodes();
	}

	/**
	 * PVE's token for PBS from Vault: for the one call that hands it to PVE. The caller
	 * wipes it afterwards.
	 */
	BackupServerCredentials credentials(DelegateExecution execution) {
		String path = (String) execution.getVariable(BackupSetupVariables.PBS_TOKEN_PATH);
		Matcher matcher = TOKEN_PATH.matcher((path != null) ? path : "");
		if (!matcher.matches()) {
			throw failed("pbsTokenPath '" + path + "' is no Vault path of a service's secret "
					+ "(services/<service>/<name>, e.g. services/proxmox-backup/pve-token)");
		}
		SecretReference reference = this.names.reference(matcher.group(1), matcher.group(2));
		String tokenId = this.secrets.read(this.vaults.target(null, null), reference, TOKEN_ID_KEY);
		String secret = this.secrets.read(this.vaults.target(null, null), reference, SECRET_KEY);
		if (tokenId == null || secret == null) {
			throw failed("Vault has no Proxmox Backup Server API token for Proxmox VE at " + reference + " (keys "
					+ TOKEN_ID_KEY + " and " + SECRET_KEY + "): pbs-install stores it there; run it first, then "
					+ "run backup-setup again. Nothing was changed on Proxmox VE.");
		}
		char[] chars = secret.toCharArray();
		try {
			return BackupServerCredentials.of(tokenId, chars);
		}
		finally {
			Arrays.fill(chars, '\0');
		}
	}

	/** A VM the backup job covers, where it lives. */
	record CoveredVm(String name, String node, int vmid) {
	}

	/** The VMs the job covers, by VMID; see the class comment for which. */
	List<CoveredVm> covered() {
		Map<String, CoveredVm> found = new LinkedHashMap<>();
		for (String node : nodes()) {
			List<VmSummary> vms = ProxmoxFailures.call(() -> this.proxmox.vms(node).list());
			vms.stream()
				.filter(vm -> !vm.template() && vm.name() != null)
				.sorted(Comparator.comparingInt(VmSummary::vmid))
				.forEach(vm -> found.putIfAbsent(vm.name(), new CoveredVm(vm.name(), node, vm.vmid())));
		}
		List<CoveredVm> covered = new ArrayList<>();
		for (PlannedVm planned : this.inventory.vms()) {
			if (!planned.name().equals(PBS_VM) && found.containsKey(planned.name())) {
				covered.add(found.get(planned.name()));
			}
		}
		List<String> missing = new ArrayList<>();
		for (String name : this.backup.existingVms()) {
			CoveredVm vm = found.get(name);
			if (vm == null) {
				missing.add(name);
			}
			else if (!covered.contains(vm)) {
				covered.add(vm);
			}
		}
		if (!missing.isEmpty()) {
			throw failed("inventory.backup.existing-vms names VM(s) " + missing + " that Proxmox VE nodes " + nodes()
					+ " do not have: no backup job was written. Correct the names in the inventory (as Proxmox shows "
					+ "them) or remove those that are gone, then run backup-setup again.");
		}
		if (covered.isEmpty()) {
			throw failed("No VM to back up: none of the planned VMs (inventory.vms, " + PBS_VM
					+ " excluded) exists on Proxmox VE nodes " + nodes()
					+ " and inventory.backup.existing-vms is empty. Provision the VMs first.");
		}
		covered.sort(Comparator.comparingInt(CoveredVm::vmid));
		return covered;
	}

	/** The newest backup of the VM on the storage, or empty. */
	Optional<String> newest(CoveredVm vm) {
		return ProxmoxFailures.call(() -> this.proxmox.storage().backups(vm.node(), this.backup.storage(), vm.vmid()))
			.stream()
			.reduce((first, second) -> second)
			.map(volume -> volume.volid());
	}

	/** {@code vmid=volid;…}: each VM's newest backup before this run's. */
	static String before(Map<Integer, String> newest) {
		return String.join(";", newest.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList());
	}

	static Map<Integer, String> before(String text) {
		Map<Integer, String> newest = new LinkedHashMap<>();
		if (text != null && !text.isBlank()) {
			for (String entry : text.split(";")) {
				int at = entry.indexOf('=');
				newest.put(Integer.parseInt(entry.substring(0, at)), entry.substring(at + 1));
			}
		}
		return newest;
	}

	/**
	 * The VMs of this backup-setup run ({@code backedUpVms}, {@code backupVmids}), where
	 * they are now; one that is gone since is refused.
	 */
	List<CoveredVm> located(DelegateExecution execution) {
		String[] names = ((String) execution.getVariable(BackupSetupVariables.VMS)).split(",");
		String[] vmids = ((String) execution.getVariable(BackupSetupVariables.VMIDS)).split(",");
		Map<Integer, String> nodeOf = new LinkedHashMap<>();
		for (String node : nodes()) {
			ProxmoxFailures.call(() -> this.proxmox.vms(node).list())
				.forEach(vm -> nodeOf.putIfAbsent(vm.vmid(), node));
		}
		List<CoveredVm> vms = new ArrayList<>();
		for (int i = 0; i < names.length; i++) {
			int vmid = Integer.parseInt(vmids[i]);
			String node = nodeOf.get(vmid);
			if (node == null) {
				throw failed("VM '" + names[i] + "' (VMID " + vmid + ") is gone from Proxmox VE nodes " + nodes()
						+ " since the backup job was written: it was not backed up. Run backup-setup again; the "
						+ "job then covers the VMs that exist.");
			}
			vms.add(new CoveredVm(names[i], node, vmid));
		}
		return vms;
	}

	/** From a vzdump log: each guest that failed and what PVE said, by VMID. */
	static Map<Integer, String> failedGuests(List<String> log) {
		Map<Integer, String> failed = new LinkedHashMap<>();
		for (String line : log) {
			Matcher matcher = FAILED_GUEST.matcher(line);
			if (matcher.find()) {
				failed.put(Integer.parseInt(matcher.group(1)), matcher.group(2).strip());
			}
		}
		return failed;
	}

	static BpmnError failed(String message) {
		return new BpmnError(BackupSetupVariables.FAILED, message);
	}

}
