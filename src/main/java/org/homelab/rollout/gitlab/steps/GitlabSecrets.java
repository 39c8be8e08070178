package org.homelab.rollout.gitlab.steps;

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
 * GitLab's secrets in Vault (KV v2, mount {@code homelab}):
 * {@code services/gitlab/root-password} (key {@value #PASSWORD}) and
 * {@code services/gitlab/engine-token} (key {@value #TOKEN}), and with an external
 * database {@code services/gitlab/db-password} (key {@value #PASSWORD}, written by its
 * operator). Values are read only in the job that needs them and never kept.
 */
@Component
class GitlabSecrets {

	static final String SERVICE = "gitlab";

	static final String ROOT_PASSWORD = "root-password";

	static final String ENGINE_TOKEN = "engine-token";

	/** An external PostgreSQL's password, put there by its operator. */
	static final String DB_PASSWORD = "db-password";

	static final String PASSWORD = "password";

	static final String TOKEN = "token";

	private final GeneratedSecrets names;

	private final SecretWriter writer;

	private final EngineSecrets secrets;

	private final SecretGenerator generator;

	private final VaultTargets vaults;

	GitlabSecrets(GeneratedSecrets names, SecretWriter writer, EngineSecrets secrets, SecretGenerator generator,
			VaultTargets vaults) {
		this.names = names;
		this.writer = writer;
		this.secrets = secrets;
		this.generator = generator;
		this.vaults = vaults;
	}

	SecretReference rootPassword() {
		return this.names.reference(SERVICE, ROOT_PASSWORD);
	}

	SecretReference engineToken() {
		return this.names.reference(SERVICE, ENGINE_TOKEN);
	}

	/**
	 * A new root password straight into Vault unless one is there: whether this call
	 * wrote it.
	 */
	boolean generateRootPassword() {
		if (this.writer.exists(target(), rootPassword())) {
			return false;
		}
		return this.secrets.writeOnce(target(), rootPassword(), PASSWORD,
				this.generator.generate(SecretKind.PASSWORD)) == Outcome.CREATED;
	}

	/** Root's password, for the one job that hands it to the VM; null if absent. */
	String readRootPassword() {
		return this.secrets.read(target(), rootPassword(), PASSWORD);
	}

	SecretReference dbPassword() {
		return this.names.reference(SERVICE, DB_PASSWORD);
	}

	/**
	 * The external database's password, for the one job that hands it to the VM; null if
	 * absent.
	 */
	String readDbPassword() {
		return this.secrets.read(target(), dbPassword(), PASSWORD);
	}

	boolean engineTokenStored() {
		return this.writer.exists(target(), engineToken());
	}

	/** The engine's token, read at call time; null if absent. */
	String readEngineToken() {
		return this.secrets.read(target(), engineToken(), TOKEN);
	}

	/**
	 * A new engine token as the secret's latest version (the old one stopped working).
	 */
	void storeEngineToken(String token) {
		this.secrets.replace(target(), engineToken(), TOKEN, token);
	}

	/** Removes the secret with all its versions; absent is fine. */
	void delete(SecretReference reference) {
		this.writer.delete(target(), reference);
	}

	private VaultTarget target() {
		return this.vaults.target(null, null);
	}

}
