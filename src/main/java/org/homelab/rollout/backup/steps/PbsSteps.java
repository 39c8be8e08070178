package org.homelab.rollout.backup.steps;

import java.net.URI;
import java.util.Map;

import okhttp3.OkHttpClient;
import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.VariableScope;
import org.homelab.rollout.backup.BackupInventory;
import org.homelab.rollout.backup.PbsCredentials;
import org.homelab.rollout.backup.PbsEndpoint;
import org.homelab.rollout.backup.ProxmoxBackupClients;
import org.homelab.rollout.backup.ProxmoxBackupOperations;
import org.homelab.rollout.inventory.Inventory;
import org.homelab.rollout.inventory.PlannedVm;
import org.homelab.rollout.proxmox.GuestFiles;
import org.homelab.rollout.proxmox.ProxmoxOperations;
import org.homelab.rollout.vault.EngineSecrets;
import org.homelab.rollout.vault.GeneratedSecrets;
import org.homelab.rollout.vault.Outcome;
import org.homelab.rollout.vault.SecretGenerator;
import org.homelab.rollout.vault.SecretKind;
import org.homelab.rollout.vault.SecretReference;
import org.homelab.rollout.vault.SecretWriter;
import org.homelab.rollout.vault.VaultTarget;
import org.homelab.rollout.vault.VaultTargets;

import org.springframework.stereotype.Component;

/**
 * What the PBS steps share: the Vault entries ({@code services/proxmox-backup/…}:
 * {@value #ENGINE_PASSWORD} key {@value #PASSWORD}; {@value #PVE_TOKEN} and
 * {@value #EXPORTER_TOKEN}, keys {@value #SECRET} and {@value #TOKEN_ID}), the VM's guest
 * agent, and a PBS client signing in as {@value #ENGINE_USER} with the password read from
 * Vault at sign-in, the certificate pinned to the fingerprint the VM printed. Values are
 * read only in the job that needs them and never kept.
 */
@Component
class PbsSteps {

	static final String SERVICE = "proxmox-backup";

	/** Where PBS's API and UI answer. */
	static final int PORT = 8007;

	static final String ENGINE_PASSWORD = "engine-password";

	static final String PVE_TOKEN = "pve-token";

	static final String EXPORTER_TOKEN = "exporter-token";

	static final String PASSWORD = "password";

	static final String SECRET = "secret";

	static final String TOKEN_ID = "token-id";

	/** The engine's admin user on PBS, made by the bootstrap script. */
	static final String ENGINE_USER = "rollout@pbs";

	/** Proxmox VE's backup user and its token (DatastoreBackup on the datastore). */
	static final String PVE_USER = "pve-backup@pbs";

	static final String PVE_TOKEN_NAME = "pve";

	/** The exporter's user and token (Audit on /), as docs/backup-monitoring.md says. */
	static final String EXPORTER_USER = "monitoring@pbs";

	static final String EXPORTER_TOKEN_NAME = "pbs-exporter";

	private final OkHttpClient shared;

	private final GeneratedSecrets names;

	private final EngineSecrets secrets;

	private final SecretWriter writer;

	private final SecretGenerator generator;

	private final VaultTargets vaults;

	private final ProxmoxOperations proxmox;

	private final Inventory inventory;

	private final BackupInventory backup;

	PbsSteps(OkHttpClient shared, GeneratedSecrets names, EngineSecrets secrets, SecretWriter writer,
			SecretGenerator generator, VaultTargets vaults, ProxmoxOperations proxmox, Inventory inventory,
			BackupInventory backup) {
		this.shared = shared;
		this.names = names;
		this.secrets = secrets;
		this.writer = writer;
		this.generator = generator;
		this.vaults = vaults;
		this.proxmox = proxmox;
		this.inventory = inventory;
		this.backup = backup;
	}

	BackupInventory backup() {
		return this.backup;
	}

	ProxmoxOperations proxmox() {
		return this.proxmox;
	}

	SecretReference enginePassword() {
		return this.names.reference(SERVICE, ENGINE_PASSWORD);
	}

	SecretReference pveToken() {
		return this.names.reference(SERVICE, PVE_TOKEN);
	}

	SecretReference exporterToken() {
		return this.names.reference(SERVICE, EXPORTER_TOKEN);
	}

	/** A new engine password straight into Vault unless one is there: whether written. */
	boolean generateEnginePassword() {
		if (this.writer.exists(target(), enginePassword())) {
			return false;
		}
		return this.secrets.writeOnce(target(), enginePassword(), PASSWORD,
				this.generator.generate(SecretKind.PASSWORD)) == Outcome.CREATED;
	}

	/** A key of a secret, for the one job that hands it on; null if absent. */
	String read(SecretReference reference, String key) {
		return this.secrets.read(target(), reference, key);
	}

	void store(SecretReference reference, Map<String, String> values) {
		this.secrets.replace(target(), reference, values);
	}

	/** Removes the secret with all its versions; absent is fine. */
	void delete(SecretReference reference) {
		this.writer.delete(target(), reference);
	}

	/**
	 * Where the engine reaches PBS: the inventory's address of the VM, never an input
	 * (the engine signs in there).
	 */
	String address(String vmName) {
		PlannedVm vm = this.inventory.vm(vmName)
			.orElseThrow(() -> new BpmnError(PbsVariables.FAILED,
					"The inventory plans no VM '" + vmName + "' (inventory.vms): add proxmox-backup there."));
		return vm.address();
	}

	/** PBS's API at a host (its address, as Proxmox VE's storage entry names it too). */
	static URI url(String address) {
		return URI.create("https://" + address + ":" + PORT);
	}

	/** PBS at the run's address, its certificate pinned, signed in as the engine. */
	ProxmoxBackupOperations client(VariableScope variables) {
		String address = (String) variables.getVariable(PbsVariables.ADDRESS);
		String fingerprint = (String) variables.getVariable(PbsVariables.FINGERPRINT);
		return client(address, fingerprint);
	}

	ProxmoxBackupOperations client(String address, String fingerprint) {
		if (address == null || fingerprint == null || fingerprint.isBlank()) {
			throw new IllegalStateException("No address or certificate fingerprint of Proxmox Backup Server ("
					+ PbsVariables.ADDRESS + ", " + PbsVariables.FINGERPRINT
					+ "): pbs-install's bootstrap step reads them; pass them to pbs-remove as pbs-install gave them.");
		}
		SecretReference password = enginePassword();
		return ProxmoxBackupClients.create(this.shared, PbsEndpoint.pinned(url(address), fingerprint),
				PbsCredentials.password(ENGINE_USER, () -> read(password, PASSWORD)));
	}

	/** The VM findVmDelegate found ({@code vmid}, {@code proxmoxNode}). */
	GuestFiles guest(VariableScope variables) {
		Object vmid = variables.getVariable("vmid");
		Object node = variables.getVariable("proxmoxNode");
		if (vmid == null || node == null) {
			throw new BpmnError(PbsVariables.FAILED, "No VM found for " + variables.getVariable("vmName")
					+ ": provision it (provision-vm) or name the right VM (inventory), then retry.");
		}
		return new GuestFiles(this.proxmox.agent(node.toString()), (Integer) vmid,
				String.valueOf(variables.getVariable("vmName")));
	}

	private VaultTarget target() {
		return this.vaults.target(null, null);
	}

}
