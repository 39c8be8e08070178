package org.homelab.rollout.vault.steps;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.engine.ProcessEngineServices;
import org.camunda.bpm.engine.task.Task;
import org.homelab.rollout.eso.steps.EsoVariables;
import org.homelab.rollout.support.ProcessRuns;

/**
 * Phase 1.2's chain as the phase model calls it, against the embedded lab: provision-vm →
 * vault-install → vault-setup → install-helm-release (ESO) → eso-connect, each started as
 * its own instance with the previous one's outputs.
 */
final class VaultChain {

	private final ProcessRuns runs;

	VaultChain(ProcessEngineServices engine) {
		this.runs = new ProcessRuns(engine).within(Duration.ofSeconds(90)).failingOnJobExceptions();
	}

	/** The driver the chain's steps run on, for the tests' own runs. */
	ProcessRuns runs() {
		return this.runs;
	}

	/** provision-vm + vault-install: vault-install's outputs. */
	Map<String, Object> installVault(String run) {
		this.runs.run("provision-vm", run, Map.of("vmName", "vault"));
		return this.runs.run("vault-install", run, Map.of("vmName", "vault", "rolloutRun", run)).variables();
	}

	/**
	 * vault-setup with vault-install's address and CA; the operator moves the shares
	 * offline when asked.
	 */
	Map<String, Object> setUpVault(String run, Map<String, Object> installed) {
		String id = this.runs.start("vault-setup", run, vault(installed));
		this.runs.meanwhile(() -> moveSharesOffline(id)).awaitEnd(id);
		return this.runs.variables(id);
	}

	private void moveSharesOffline(String id) {
		Task move = this.runs.task(id, "move-shares-offline");
		if (move != null) {
			try {
				Files.delete(Path.of((String) this.runs.variable(id, VaultVariables.SHARES_FILE)));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			this.runs.complete(move, Map.of("vaultSharesMovedOffline", true));
		}
	}

	Map<String, Object> installEsoRelease(String run) {
		return this.runs.run("install-helm-release", run,
				Map.of("releaseName", "external-secrets", "chart", "external-secrets", "chartRepo",
						"https://charts.external-secrets.io", "releaseNamespace", "external-secrets", "valuesRef",
						"external-secrets.yaml", "placement", ""))
			.variables();
	}

	Map<String, Object> connectEso(String run, Map<String, Object> installed) {
		Map<String, Object> in = vault(installed);
		in.put("rolloutRun", run);
		return this.runs.run("eso-connect", run, in).variables();
	}

	Map<String, Object> disconnectEso(String run, Map<String, Object> installed, Object storeCreated) {
		Map<String, Object> in = vault(installed);
		in.put("rolloutRun", run);
		in.put(EsoVariables.STORE_CREATED, storeCreated);
		return this.runs.run("eso-disconnect", run, in).variables();
	}

	private static Map<String, Object> vault(Map<String, Object> installed) {
		Map<String, Object> in = new HashMap<>();
		in.put(VaultVariables.ADDRESS, installed.get(VaultVariables.ADDRESS));
		in.put(VaultVariables.CA_FILE, installed.get(VaultVariables.CA_FILE));
		return in;
	}

}
