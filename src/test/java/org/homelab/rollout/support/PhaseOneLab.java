package org.homelab.rollout.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.engine.task.Task;
import org.homelab.rollout.vault.steps.VaultVariables;

/**
 * Phase 1.2 on the embedded lab as the phase model calls it, for the tests of later
 * phases' building blocks: Vault installed and set up (its shares moved offline at the
 * user task), the External Secrets Operator installed and connected.
 */
public final class PhaseOneLab {

	private PhaseOneLab() {
	}

	/** Returns vault-install's outputs (Vault's address and CA file among them). */
	public static Map<String, Object> vaultAndEso(ProcessRuns runs) {
		runs.run("provision-vm", "p1", Map.of("vmName", "vault"));
		Map<String, Object> installed = runs.run("vault-install", "p1", Map.of("vmName", "vault", "rolloutRun", "p1"))
			.variables();
		String setup = runs.start("vault-setup", "p1", vault(installed));
		runs.meanwhile(() -> moveSharesOffline(runs, setup)).awaitEnd(setup);
		runs.run("install-helm-release", "p1",
				Map.of("releaseName", "external-secrets", "chart", "external-secrets", "chartRepo",
						"https://charts.external-secrets.io", "releaseNamespace", "external-secrets", "valuesRef",
						"external-secrets.yaml", "placement", ""));
		Map<String, Object> connect = vault(installed);
		connect.put("rolloutRun", "p1");
		runs.run("eso-connect", "p1", connect);
		return installed;
	}

	/** Vault's address and CA file out of vault-install's outputs, as steps take them. */
	public static Map<String, Object> vault(Map<String, Object> installed) {
		Map<String, Object> in = new HashMap<>();
		in.put(VaultVariables.ADDRESS, installed.get(VaultVariables.ADDRESS));
		in.put(VaultVariables.CA_FILE, installed.get(VaultVariables.CA_FILE));
		return in;
	}

	private static void moveSharesOffline(ProcessRuns runs, String id) {
		Task move = runs.task(id, "move-shares-offline");
		if (move != null) {
			try {
				Files.delete(Path.of((String) runs.variable(id, VaultVariables.SHARES_FILE)));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			runs.complete(move, Map.of("vaultSharesMovedOffline", true));
		}
	}

}
