package org.homelab.rollout.vault;

/**
 * What an engine restart does to what the engine held in memory since it initialised a
 * Vault: gone, while the process, the files and Vault stay as they were.
 */
public final class EngineRestart {

	private EngineRestart() {
	}

	public static void forgetHeldSecrets(BootstrapSecrets secrets, VaultTarget target) {
		secrets.forgetShares(target);
		secrets.forgetRootToken(target);
	}

}
