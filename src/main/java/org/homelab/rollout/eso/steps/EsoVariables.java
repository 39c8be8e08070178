package org.homelab.rollout.eso.steps;

/**
 * The process variables of {@code eso-connect} and {@code eso-disconnect}, shared with
 * tests: flags and paths only.
 */
public final class EsoVariables {

	/**
	 * In: Vault's https URL, as vault-install hands it out; absent means the configured
	 * default.
	 */
	public static final String VAULT_ADDRESS = "vaultAddress";

	/**
	 * In: PEM file of the CA that issued Vault's certificate; absent means the configured
	 * one.
	 */
	public static final String VAULT_CA_FILE = "vaultCaFile";

	/**
	 * eso-connect out, eso-disconnect in: this run created the ClusterSecretStore (only
	 * then is it removed).
	 */
	public static final String STORE_CREATED = "storeCreated";

	/** eso-connect out: the proof key's path in Vault, never its value. */
	public static final String PROOF_PATH = "esoProofPath";

	/** eso-disconnect out: whether it removed the connection. */
	public static final String STORE_DELETED = "storeDeleted";

	private EsoVariables() {
	}

}
