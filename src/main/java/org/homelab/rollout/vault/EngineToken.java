package org.homelab.rollout.vault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Optional;

import org.springframework.stereotype.Component;
import org.springframework.vault.support.VaultToken;

/**
 * The engine's own Vault token: in memory, and in a 0600 file under the state directory
 * so a restarted engine finds it. Never a process variable.
 */
@Component
class EngineToken {

	/** 32 base62 characters: 190 bits, more than the 24 of Vault's own ids. */
	private static final int ID_LENGTH = 32;

	private static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

	private static final SecureRandom RANDOM = new SecureRandom();

	private final Path file;

	private volatile VaultToken token;

	EngineToken(VaultProperties properties) {
		this.file = properties.engineTokenFile();
	}

	synchronized Optional<VaultToken> current() {
		if (this.token == null && Files.isRegularFile(this.file)) {
			try {
				String text = Files.readString(this.file, StandardCharsets.UTF_8).trim();
				this.token = text.isEmpty() ? null : VaultToken.of(text);
			}
			catch (IOException ex) {
				throw new VaultSetupException("Cannot read the engine's Vault token file " + this.file + " ("
						+ ex.getMessage() + "). It must be readable by the engine's OS user.", ex);
			}
		}
		return Optional.ofNullable(this.token);
	}

	synchronized void store(VaultToken token) {
		OwnerOnlyFiles.write(this.file, token.getToken().getBytes(StandardCharsets.UTF_8));
		this.token = token;
	}

	/**
	 * A new token id, on disk in the token file before Vault is asked to create a token
	 * with it: a crash between Vault's answer and the file write can then lose nothing.
	 * Not cached until {@link #created} says Vault has it. Base62 without the "s."/"hvs."
	 * prefixes Vault keeps for ids it makes itself.
	 */
	synchronized VaultToken prepareNew() {
		StringBuilder id = new StringBuilder(ID_LENGTH);
		for (int i = 0; i < ID_LENGTH; i++) {
			id.append(BASE62.charAt(RANDOM.nextInt(BASE62.length())));
		}
		VaultToken prepared = VaultToken.of(id.toString());
		OwnerOnlyFiles.write(this.file, prepared.getToken().getBytes(StandardCharsets.UTF_8));
		this.token = null;
		return prepared;
	}

	/** Vault created the prepared token: it is the engine's token from now on. */
	synchronized void created(VaultToken token) {
		this.token = token;
	}

	/**
	 * Drops the cached token, e.g. when Vault refused it, so an operator's replacement
	 * file is read next time.
	 */
	synchronized void forget() {
		this.token = null;
	}

	Path file() {
		return this.file;
	}

}
