package org.homelab.rollout.monitoring.steps;

import org.homelab.rollout.vault.GeneratedSecrets;
import org.homelab.rollout.vault.Outcome;
import org.homelab.rollout.vault.SecretReference;
import org.homelab.rollout.vault.SecretWriter;
import org.homelab.rollout.vault.VaultTarget;
import org.homelab.rollout.vault.VaultTargets;

import org.springframework.stereotype.Component;

/**
 * Where grafana-admin-to-vault keeps Grafana's admin password: in Vault KV at
 * {@code services/grafana/admin-password}, and, between setting it and making the
 * engine's Viewer token, in {@link #HANDOVER} in the frontend server.
 * <p>
 * Why a file in the guest: the engine's Vault policy lets it write secrets but never read
 * them back, and no secret may wait in the engine's memory between two jobs (a restart or
 * a cancel would leave it stale there). The password must still reach Grafana's API once
 * more after grafana cli has set it, to verify the login and make the Viewer token. The
 * frontend server is where the password takes effect anyway: its root can reset it at
 * will. The file lies in root's home (0700) and is blanked once the token is made. Found
 * non-blank at the next start, it tells that an earlier run stopped between setting and
 * verifying a password: that password is replaced, never trusted or reused. Were the
 * engine's policy narrowed to read this one path, the token step could read Vault
 * instead.
 */
@Component
class GrafanaAdminPassword {

	static final String SERVICE = "grafana";

	static final String NAME = "admin-password";

	/** In the frontend server: root's home is 0700, so no other user reads it. */
	static final String HANDOVER = "/root/.homelab-rollout-grafana-admin";

	private final GeneratedSecrets secrets;

	private final SecretWriter writer;

	private final VaultTargets vaults;

	GrafanaAdminPassword(GeneratedSecrets secrets, SecretWriter writer, VaultTargets vaults) {
		this.secrets = secrets;
		this.writer = writer;
		this.vaults = vaults;
	}

	SecretReference reference() {
		return this.secrets.reference(SERVICE, NAME);
	}

	boolean inVault() {
		return this.writer.exists(target(), reference());
	}

	/**
	 * Written once: never overwrites a password another run stored (Grafana would then
	 * hold another one).
	 */
	void store(String password) {
		if (this.writer.writeOnce(target(), reference(), password) != Outcome.CREATED) {
			throw new IllegalStateException("Vault at " + target() + " already holds " + reference()
					+ ": another run stored Grafana's admin password meanwhile; retry, and this run adopts it.");
		}
	}

	/** Removes every version: Grafana did not take it. */
	void forget() {
		this.writer.delete(target(), reference());
	}

	private VaultTarget target() {
		return this.vaults.target(null, null);
	}

}
