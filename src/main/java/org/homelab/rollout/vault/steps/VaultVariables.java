package org.homelab.rollout.vault.steps;

/**
 * The process variables of the Vault models, shared with tests. All are references, flags
 * or paths: no share, token or generated secret is ever one of them.
 */
public final class VaultVariables {

	/** Input: Vault's https URL; absent means the configured default. */
	public static final String ADDRESS = "vaultAddress";

	/**
	 * Input: PEM file of the CA that issued Vault's certificate; absent means the
	 * configured one.
	 */
	public static final String CA_FILE = "vaultCaFile";

	/** UNINITIALIZED, SEALED or UNSEALED, as sys/seal-status said at the start. */
	public static final String PHASE = "vaultPhase";

	/**
	 * Whether the shares were encrypted to their holders' PGP keys (the engine then
	 * cannot unseal).
	 */
	public static final String SHARES_ENCRYPTED = "vaultSharesEncrypted";

	/**
	 * Where the shares went: the holders' files, comma-separated, or the single plain
	 * file.
	 */
	public static final String SHARE_FILES = "vaultShareFiles";

	/** The plain 0600 shares file an operator must move offline; absent with PGP. */
	public static final String SHARES_FILE = "vaultSharesFile";

	/** Whether sys/seal-status still says sealed after the operator's unseal task. */
	public static final String SEALED = "vaultSealed";

	public static final String ENGINE_TOKEN_CREATED = "vaultEngineTokenCreated";

	public static final String ROOT_TOKEN_REVOKED = "vaultRootTokenRevoked";

	/**
	 * Where the root token the engine needs comes from (docs/vault-recovery.md): HELD (in
	 * memory since the initialisation: revoke it), NONE (none needed), SHARES_FILE (lost
	 * in a restart; the engine generates one from the plain shares file) or HOLDERS
	 * (lost; the share holders generate one). Never a token.
	 */
	public static final String ROOT_STATE = "vaultRootState";

	/** The holders' root generation attempt: its nonce (not a secret) and quorum. */
	public static final String ROOT_GENERATION_NONCE = "vaultRootGenerationNonce";

	public static final String ROOT_GENERATION_REQUIRED = "vaultRootGenerationRequired";

	/** The commands the form shows the holders (address, CA file, nonce; no secret). */
	public static final String ROOT_GENERATION_COMMANDS = "vaultRootGenerationCommands";

	/** Why the holders are asked again (shares still missing, a new attempt). */
	public static final String ROOT_GENERATION_STATUS = "vaultRootGenerationStatus";

	/**
	 * Form input: the Encoded Token the last holder's command printed, the root token XOR
	 * an OTP only the engine's host has; removed as soon as it is used, and the root it
	 * hides is revoked in that same step.
	 */
	public static final String ENCODED_ROOT_TOKEN = "vaultEncodedRootToken";

	/** Whether the holders' root generation gave the engine its token. */
	public static final String ROOT_GENERATED = "vaultRootGenerated";

	public static final String KV_MOUNT_CREATED = "vaultKvMountCreated";

	/** Policies this run created (comma-separated), which compensation deletes. */
	public static final String POLICIES_CREATED = "vaultPoliciesCreated";

	/** Policies this run changed (comma-separated). */
	public static final String POLICIES_UPDATED = "vaultPoliciesUpdated";

	public static final String KUBERNETES_AUTH_CREATED = "vaultKubernetesAuthCreated";

	/** CREATED, UPDATED or UNCHANGED: the Kubernetes auth config. */
	public static final String KUBERNETES_CONFIG = "vaultKubernetesConfig";

	/** CREATED, UPDATED or UNCHANGED: the External Secrets Operator's role. */
	public static final String ESO_ROLE = "vaultEsoRole";

	/** Whether the operator's shares file is gone. */
	public static final String SHARES_REMOVED = "vaultSharesRemoved";

	/**
	 * Generate-secret inputs: the consuming service, the secret's name, PASSWORD or
	 * TOKEN.
	 */
	public static final String SECRET_SERVICE = "secretService";

	public static final String SECRET_NAME = "secretName";

	public static final String SECRET_KIND = "secretKind";

	/**
	 * Generate-secret output: {@code mount/services/<service>/<name>}, never the value.
	 */
	public static final String SECRET_PATH = "secretPath";

	/**
	 * Write-files in (mapped by vault-install from find-vm's outputs): the VM's name,
	 * whether it exists, where.
	 */
	public static final String VM_NAME = "vaultVmName";

	public static final String VM_FOUND = "vaultVmFound";

	public static final String VM_NODE = "vaultVmNode";

	public static final String VMID = "vaultVmid";

	/**
	 * Write-files out, mapped by vault-install into run-script: the install script (no
	 * secret in it), its name.
	 */
	public static final String INSTALL_SCRIPT = "vaultInstallScript";

	public static final String INSTALL_SCRIPT_NAME = "vaultInstallScriptName";

	/**
	 * vault-install out: whether a Vault already answered at the address and was adopted
	 * (nothing installed).
	 */
	public static final String ADOPTED = "vaultAdopted";

	/**
	 * Criterion "Vault accessible and configured" (checkVaultConfigured): met or not, and
	 * what was found.
	 */
	public static final String CONFIGURED_MET = "vaultConfiguredMet";

	public static final String CONFIGURED_RESULT = "vaultConfiguredResult";

	/**
	 * BPMN error: the read-back found the configuration incomplete; the model rolls back
	 * what it created.
	 */
	public static final String CONFIG_INVALID = "VAULT_CONFIG_INVALID";

	private VaultVariables() {
	}

}
