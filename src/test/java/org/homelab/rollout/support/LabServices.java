package org.homelab.rollout.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.camunda.bpm.engine.task.Task;

/**
 * Earlier phases' services brought up on the embedded lab by their own building blocks,
 * for integration tests of later ones: Phase 1.2's Vault (installed, initialised,
 * unsealed, configured; the operator moves the shares offline when asked) and Phase 2.1's
 * GitLab CE (its VM provisioned, installed, the engine's token in Vault, the group and
 * projects created).
 */
public final class LabServices {

	private final ProcessRuns runs;

	public LabServices(ProcessRuns runs) {
		this.runs = runs;
	}

	/**
	 * provision-vm, vault-install and vault-setup of the vault VM, as VaultChain does.
	 */
	public void vault(String run) {
		this.runs.run("provision-vm", run, Map.of("vmName", "vault"));
		Map<String, Object> installed = this.runs
			.run("vault-install", run, Map.of("vmName", "vault", "rolloutRun", run))
			.variables();
		Map<String, Object> in = new HashMap<>();
		in.put("vaultAddress", installed.get("vaultAddress"));
		in.put("vaultCaFile", installed.get("vaultCaFile"));
		String id = this.runs.start("vault-setup", run, in);
		this.runs.meanwhile(() -> moveSharesOffline(id)).awaitEnd(id);
	}

	/** provision-vm and gitlab-install of the gitlab-ce VM (after {@link #vault}). */
	public Map<String, Object> gitlab(String run) {
		this.runs.run("provision-vm", run, Map.of("vmName", "gitlab-ce"));
		return this.runs.run("gitlab-install", run, Map.of("vmName", "gitlab-ce", "rolloutRun", run)).variables();
	}

	private void moveSharesOffline(String id) {
		Task move = this.runs.task(id, "move-shares-offline");
		if (move != null) {
			try {
				Files.delete(Path.of((String) this.runs.variable(id, "vaultSharesFile")));
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			this.runs.complete(move, Map.of("vaultSharesMovedOffline", true));
		}
	}

}
